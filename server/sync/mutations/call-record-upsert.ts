import type { CallRecord } from '../../../shared/schemas/call-record';
import type { Decision, PlanContext } from '../batch-types';
import { toCallRecord } from '../entities/call-records';

/** Fields that bind a record to one SIP dialog; changing them would re-point the record at another call. */
const IDENTITY_FIELDS = ['sipCallId', 'direction'] as const;

const sameFacts = (a: CallRecord, b: CallRecord): boolean => JSON.stringify(toCallRecord(a)) === JSON.stringify(toCallRecord(b));

/**
 * `callRecord.upsert`: the agent who first logged a call owns it; only they may update its
 * call facts (last writer wins per field, in server order). A record's SIP identity never
 * changes: a mismatch is a client bug that would merge two calls, so it is rejected with
 * the current value.
 */
export function planCallRecordUpsert({ user, state }: PlanContext, args: CallRecord): Decision {
  const existing = state.callRecords.get(args.id);
  if (existing) {
    if (existing.agentId !== user.id || existing.orgUnitId !== user.orgUnitId) {
      return { kind: 'rejected', reason: 'forbidden', message: 'This call record belongs to another agent.' };
    }
    const changed = IDENTITY_FIELDS.filter((field) => existing[field] !== args[field]);
    if (changed.length > 0) {
      return { kind: 'rejected', reason: 'conflict', message: `A call record's ${changed.join(' and ')} cannot change.`, current: toCallRecord(existing) };
    }
    if (sameFacts(existing, args)) return { kind: 'same', ref: existing.ref };
  }
  const ref = {};
  const row = { ...toCallRecord(args), agentId: existing?.agentId ?? user.id, orgUnitId: existing?.orgUnitId ?? user.orgUnitId, ref };
  state.callRecords.set(args.id, row);
  // Pulled by the whole unit: the agent id lets each desk tell its own user's calls from colleagues'.
  return { kind: 'change', change: { entity: 'callRecord', row, data: { ...toCallRecord(args), agentId: row.agentId }, ref } };
}
