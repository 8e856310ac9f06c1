import type { FollowUpComplete } from '../../../shared/schemas/follow-up';
import type { Decision, PlanContext } from '../batch-types';
import { toFollowUp } from '../entities/follow-ups';
import { followUpChange, writableFollowUp } from './follow-up-access';

/**
 * `followUp.complete`: open → done or cancelled. Repeating the same close is a no-op; closing
 * it the other way after someone closed it first is a conflict with the stored follow-up.
 */
export function planFollowUpComplete(ctx: PlanContext, args: FollowUpComplete): Decision {
  const existing = writableFollowUp(ctx, args.id);
  if ('kind' in existing) return existing;
  if (existing.state === args.state) return { kind: 'same', ref: existing.ref };
  const current = toFollowUp(existing);
  if (existing.state !== 'open') return { kind: 'rejected', reason: 'conflict', message: `This follow-up is already ${existing.state}.`, current };
  return followUpChange(ctx, { ...current, state: args.state, doneAt: args.at });
}
