import type { FreezeLookupResponse, FreezeRecordView } from '../../../shared/schemas/freeze';
import type { Template } from '../../../shared/schemas/template';

/** A masked freeze record as the server answers it. */
export function freezeRecord(patch: Partial<FreezeRecordView> = {}): FreezeRecordView {
  return {
    id: '0b5c2a8e-6f0d-4a43-9d1e-6a9e4f1d2c01',
    holderName: '张*',
    idNumber: '110105********002X',
    phone: '138****8000',
    accountKind: 'bank-card',
    accountNumber: '6222 **** **** 0008',
    institution: '中国工商银行',
    measureType: 'protective-stop-payment',
    authority: '深圳市公安局南山分局',
    authorityPhone: '0755-26600110',
    noticeNumber: '深南公(反诈)止字〔2026〕1234号',
    startsAt: Date.UTC(2026, 10, 1, 2, 0),
    expiresAt: Date.UTC(2026, 11, 1, 2, 0),
    holderRole: 'victim',
    status: 'active',
    masked: true,
    ...patch,
  };
}

export function lookupResponse(results: FreezeRecordView[], at = Date.UTC(2026, 10, 21, 12, 0)): FreezeLookupResponse {
  return { results, at, truncated: false };
}

let n = 0;
/** A template version; ids are unique per call. */
export function template(patch: Partial<Template> = {}): Template {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    key: `test.template-${n}`,
    version: 1,
    updatedAt: Date.UTC(2026, 10, 1),
    channel: 'script',
    scenario: 'general',
    fraudType: null,
    title: `模板 ${n}`,
    body: '您好，这里是96110反诈专线。',
    keywords: [],
    active: true,
    ...patch,
  };
}
