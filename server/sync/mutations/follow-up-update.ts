import type { FollowUpUpdate } from '../../../shared/schemas/follow-up';
import type { Decision, PlanContext } from '../batch-types';
import { toFollowUp } from '../entities/follow-ups';
import { assigneeProblem, followUpChange, writableFollowUp } from './follow-up-access';

/**
 * `followUp.update`: due time and note merge per field in server order (the later writer
 * of a field wins, fields the patch leaves out survive). The assignee is guarded: the patch
 * names the assignee it replaces and is a conflict, answered with the stored follow-up,
 * when that is no longer so. A closed follow-up no longer changes (conflict).
 */
export function planFollowUpUpdate(ctx: PlanContext, args: FollowUpUpdate): Decision {
  const existing = writableFollowUp(ctx, args.id);
  if ('kind' in existing) return existing;
  const current = toFollowUp(existing);
  if (existing.state !== 'open') return { kind: 'rejected', reason: 'conflict', message: `This follow-up is ${existing.state} and can no longer change.`, current };
  if (args.assigneeId !== undefined && args.assigneeId !== existing.assigneeId) {
    if (args.expectedAssigneeId !== existing.assigneeId) return { kind: 'rejected', reason: 'conflict', message: 'Someone else reassigned this follow-up first.', current };
    const problem = assigneeProblem(ctx, args.assigneeId, existing.orgUnitId);
    if (problem) return problem;
  }
  const next = { ...current, dueAt: args.dueAt ?? current.dueAt, note: args.note ?? current.note, assigneeId: args.assigneeId ?? current.assigneeId };
  if (JSON.stringify(next) === JSON.stringify(current)) return { kind: 'same', ref: existing.ref };
  return followUpChange(ctx, next);
}
