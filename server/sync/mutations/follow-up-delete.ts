import type { FollowUpDelete } from '../../../shared/schemas/follow-up';
import type { Decision, PlanContext } from '../batch-types';
import { writableFollowUp } from './follow-up-access';

/**
 * `followUp.delete`: removes the row and publishes a tombstone (null data) in its org unit,
 * so every replica drops it. Deleting what is already deleted is a no-op at the tombstone's
 * seq; an id the record store never had (in the writer's scope) is `not-found`.
 */
export function planFollowUpDelete(ctx: PlanContext, args: FollowUpDelete): Decision {
  const existing = writableFollowUp(ctx, args.id);
  if ('kind' in existing) return existing;
  const ref = {};
  ctx.state.followUps.rows.delete(args.id);
  ctx.state.followUps.tombstones.set(args.id, ref);
  return { kind: 'change', change: { entity: 'followUp', row: { ...existing, ref }, data: null, ref } };
}
