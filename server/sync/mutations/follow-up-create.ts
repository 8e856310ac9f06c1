import type { FollowUpCreate } from '../../../shared/schemas/follow-up';
import type { Decision, PlanContext } from '../batch-types';
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
  const problem = assigneeProblem(ctx, args.assigneeId, user.orgUnitId);
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
