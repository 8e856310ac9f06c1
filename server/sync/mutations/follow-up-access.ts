import type { Decision, PlanContext } from '../batch-types';
import type { FollowUpRow } from '../entities/follow-ups';

type Rejected = Extract<Decision, { kind: 'rejected' }>;
/** The follow-up was deleted: the write is applied as a no-op at the tombstone's seq (the delete wins). */
type Gone = Extract<Decision, { kind: 'same' }>;

/**
 * Finds a follow-up the user may change: it exists in their scope (their org unit, or a
 * supervisor's subtree). A deleted one answers `same` at its tombstone, so a colleague's
 * late edit or a second delete is absorbed rather than refused; an id never seen is `not-found`.
 */
export function writableFollowUp({ state }: PlanContext, id: string): FollowUpRow | Rejected | Gone {
  const found = state.followUps.rows.get(id);
  if (found) {
    if (!state.followUps.scope.has(found.orgUnitId)) return { kind: 'rejected', reason: 'forbidden', message: 'This follow-up belongs to another org unit.' };
    return found;
  }
  const tombstone = state.followUps.tombstones.get(id);
  if (tombstone) return { kind: 'same', ref: tombstone };
  return { kind: 'rejected', reason: 'not-found', message: 'No such follow-up; push its followUp.create first.' };
}

/** An assignee must be a user of the follow-up's own org unit: only they pull it. */
export function assigneeProblem({ state }: PlanContext, assigneeId: string, orgUnitId: string): Rejected | null {
  const unit = state.followUps.assignees.get(assigneeId);
  if (unit === orgUnitId) return null;
  const code = unit === undefined ? 'unknown-user' : 'other-org-unit';
  return { kind: 'rejected', reason: 'invalid', message: `assigneeId: ${code}`, current: { errors: { assigneeId: code } } };
}

/** Publishes a follow-up's new state under a fresh seq. */
export function followUpChange(ctx: PlanContext, next: Omit<FollowUpRow, 'ref'>): Decision {
  const ref = {};
  const row: FollowUpRow = { ...next, ref };
  ctx.state.followUps.rows.set(row.id, row);
  const { ref: _ref, ...data } = row;
  return { kind: 'change', change: { entity: 'followUp', row, data, ref } };
}
