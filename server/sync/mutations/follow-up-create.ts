import type { FollowUpCreate } from '../../../shared/schemas/follow-up';
import type { Decision, PlanContext } from '../batch-types';

/**
 * Linked ids are checked for scope: a case or call record the server knows must be in the
 * creator's scope. One it does not know yet (pushed later from another queue) is accepted:
 * it cannot leak anything, and its own push is scoped when it comes.
 */
function linkProblem({ state }: PlanContext, args: FollowUpCreate): Extract<Decision, { kind: 'rejected' }> | null {
  const outside = (unit: string | undefined) => unit !== undefined && !state.followUps.scope.has(unit);
  const field = outside(args.caseId === null ? undefined : state.cases.get(args.caseId)?.orgUnitId)
    ? 'caseId'
    : outside(args.callRecordId === null ? undefined : state.callRecords.get(args.callRecordId)?.orgUnitId)
      ? 'callRecordId'
      : null;
  if (!field) return null;
  return { kind: 'rejected', reason: 'forbidden', message: `${field}: other-org-unit`, current: { errors: { [field]: 'other-org-unit' } } };
}
import { assigneeProblem, followUpChange } from './follow-up-access';

/**
 * `followUp.create`: an open follow-up in the creator's org unit, assigned to a user of
 * that unit. Creating an id that exists is a no-op at its current seq (it may have moved
 * on since); creating one that was deleted stays deleted.
 */
export function planFollowUpCreate(ctx: PlanContext, args: FollowUpCreate): Decision {
  const { user, state } = ctx;
  const existing = state.followUps.rows.get(args.id);
  if (existing) {
    if (!state.followUps.scope.has(existing.orgUnitId)) return { kind: 'rejected', reason: 'forbidden', message: 'This follow-up belongs to another org unit.' };
    return { kind: 'same', ref: existing.ref };
  }
  const tombstone = state.followUps.tombstones.get(args.id);
  if (tombstone) return { kind: 'same', ref: tombstone };
  const problem = assigneeProblem(ctx, args.assigneeId, user.orgUnitId) ?? linkProblem(ctx, args);
  if (problem) return problem;
  return followUpChange(ctx, {
    id: args.id,
    caseId: args.caseId,
    callRecordId: args.callRecordId,
    callerNumber: args.callerNumber,
    dueAt: args.dueAt,
    note: args.note,
    state: 'open',
    assigneeId: args.assigneeId,
    orgUnitId: user.orgUnitId,
    createdAt: args.createdAt,
    doneAt: null,
  });
}
