import type { FreezeRecordInput } from '../../shared/schemas/freeze';

let counter = 0;

/** A valid, clearly synthetic freeze record row; override what the test is about. */
export function freezeRow(overrides: Partial<Record<keyof FreezeRecordInput, unknown>> = {}): Record<string, unknown> {
  counter += 1;
  return {
    source: 'test-batch',
    sourceId: `T-${counter}`,
    holderName: '张小三',
    idNumber: '11010119900307123X',
    phone: '13800135678',
    accountKind: 'bank-card',
    accountNumber: `62220210011100${String(counter).padStart(4, '0')}`,
    institution: '中国工商银行',
    measureType: 'protective-stop-payment',
    authority: '深圳市公安局南山分局',
    authorityPhone: '0755-26000000',
    noticeNumber: `深南公冻字〔2026〕${counter}号`,
    startsAt: 1_767_225_600_000,
    expiresAt: 1_782_864_000_000,
    holderRole: 'victim',
    status: 'active',
    ...overrides,
  };
}
