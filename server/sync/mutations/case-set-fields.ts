import type { CaseSetFields } from '../../../shared/schemas/case';
import type { CaseState, Decision, PlanContext } from '../batch-types';
import { toCase } from '../entities/cases';

/** Finds a case the user may write: it exists and is in their org unit. */
export function writableCase({ user, state }: PlanContext, caseId: string): CaseState | Extract<Decision, { kind: 'rejected' }> {
  const found = state.cases.get(caseId);
  if (!found) return { kind: 'rejected', reason: 'not-found', message: 'No such case; push its case.open first.' };
  if (found.orgUnitId !== user.orgUnitId) return { kind: 'rejected', reason: 'forbidden', message: 'This case belongs to another org unit.' };
  return found;
}

/**
 * `case.setFields`: merges a per-field patch in server order, so two writers of different
 * fields both win and the later writer of the same field wins (design.md §4). A final case
 * is closed: patches are a conflict, answered with the stored case.
 */
export function planCaseSetFields(ctx: PlanContext, args: CaseSetFields): Decision {
  const existing = writableCase(ctx, args.caseId);
  if ('kind' in existing) return existing;
  if (existing.status === 'final') return { kind: 'rejected', reason: 'conflict', message: 'This case is final and can no longer change.', current: toCase(existing) };
  const merged = toCase({
    ...existing,
    callType: args.callType ?? existing.callType,
    disposition: args.disposition === undefined ? existing.disposition : args.disposition,
    fraudType: args.fraudType === undefined ? existing.fraudType : args.fraudType,
    fields: { ...existing.fields, ...args.fields },
  });
  if (JSON.stringify(merged) === JSON.stringify(toCase(existing))) return { kind: 'same', ref: existing.ref };
  const ref = {};
  const row = { ...merged, agentId: existing.agentId, orgUnitId: existing.orgUnitId, ref };
  ctx.state.cases.set(row.id, row);
  return { kind: 'change', change: { entity: 'case', row, data: merged, ref } };
}
