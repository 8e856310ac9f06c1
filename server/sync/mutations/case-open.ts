import type { CaseOpen } from '../../../shared/schemas/case';
import type { Decision, PlanContext } from '../batch-types';
import { toCase } from '../entities/cases';

/**
 * `case.open`: a draft case in the opener's org unit, bound to a call record of that unit
 * (the record must already be known: push its `callRecord.upsert` first). Opening an id
 * that exists is a no-op at its current seq, since the case may have moved on since.
 */
export function planCaseOpen({ user, state }: PlanContext, args: CaseOpen): Decision {
  const existing = state.cases.get(args.id);
  if (existing) {
    if (existing.orgUnitId !== user.orgUnitId) return { kind: 'rejected', reason: 'forbidden', message: 'This case belongs to another org unit.' };
    return { kind: 'same', ref: existing.ref };
  }
  if (args.callRecordId !== null) {
    const record = state.callRecords.get(args.callRecordId);
    if (!record) return { kind: 'rejected', reason: 'not-found', message: 'No such call record; push its callRecord.upsert first.' };
    if (record.orgUnitId !== user.orgUnitId) return { kind: 'rejected', reason: 'forbidden', message: 'This call record belongs to another org unit.' };
  }
  const ref = {};
  const data = toCase({ ...args, status: 'draft', disposition: null, fraudType: null, finalisedAt: null });
  const row = { ...data, agentId: user.id, orgUnitId: user.orgUnitId, ref };
  state.cases.set(args.id, row);
  return { kind: 'change', change: { entity: 'case', row, data, ref } };
}
