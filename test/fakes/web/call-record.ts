import type { CallRecord } from '../../../shared/schemas/call-record';

/** An answered inbound 96110 call record with fresh ids, `patch` applied. */
export function callRecordFixture(patch: Partial<CallRecord> = {}): CallRecord {
  return {
    id: crypto.randomUUID(),
    sipCallId: `${crypto.randomUUID()}@host`,
    direction: 'inbound',
    remoteNumber: '13800138000',
    dialedNumber: '96110',
    startedAt: 1_700_000_000_000,
    answeredAt: 1_700_000_002_000,
    endedAt: null,
    endReason: null,
    ...patch,
  };
}
