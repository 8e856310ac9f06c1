import { eq } from 'drizzle-orm';
import type { SessionUser } from '../../shared/schemas/auth';
import type { ReassignRequest } from '../../shared/schemas/supervisor';
import type { WarningInstruction, WarningState } from '../../shared/schemas/warning';
import { recordAudit } from '../audit/audit-log';
import type { Orm } from '../db/database';
import { users, warningInstructions } from '../db/schema';
import { ApiHttpError } from '../http/api-error';
import { isFinal } from '../warnings/state-machine';
import { loadViews, lockInstruction, publishInstructions, type InstructionRow } from '../warnings/warning-store';

/** Who reassigns: a supervisor, over the units of their pull scope. */
export interface ReassignContext {
  user: SessionUser;
  unitIds: string[];
  ip: string | null;
}

/** The answer: the instruction after the change, or a refusal with the state the server holds. */
export type ReassignResult =
  | { ok: true; instruction: WarningInstruction }
  | { ok: false; code: 'conflict' | 'invalid-transition' | 'precondition-failed'; message: string; current: WarningState; currentAssigneeId: string | null };

/**
 * Hands an open instruction to another call-taker, in one transaction: checks, update,
 * audit event (`warning.transition`, action `reassign`, with the reason) and change-log
 * entries, so the unit's workstations are poked and pull it.
 *
 * The new assignee must be a call-taker of the instruction's own unit: an agent of a unit
 * below it neither lists it (the queue is the agent's own unit) nor may act on it (actions
 * are checked against the agent's own scope), so handing it down would strand it.
 */
export async function reassignInstruction(orm: Orm, id: string, request: ReassignRequest, ctx: ReassignContext): Promise<ReassignResult> {
  return orm.transaction(async (tx) => {
    const row = await lockInstruction(tx, id);
    // Outside the supervisor's scope: as if it did not exist (existence is not revealed).
    if (!row || !ctx.unitIds.includes(row.orgUnitId)) throw new ApiHttpError(404, 'not-found', `No warning instruction ${id} for your unit.`);
    const current = row.state as WarningState;
    const refuse = (code: 'conflict' | 'invalid-transition' | 'precondition-failed', message: string): ReassignResult => ({ ok: false, code, message, current, currentAssigneeId: row.assigneeId });
    if (isFinal(current)) return refuse('invalid-transition', `The instruction is ${current}; a finished instruction is not reassigned.`);
    if (request.expectedAssigneeId !== undefined && request.expectedAssigneeId !== row.assigneeId) {
      return refuse('conflict', `The instruction is assigned to ${row.assigneeId ?? 'nobody'} now, not ${request.expectedAssigneeId ?? 'nobody'}; reload it.`);
    }
    const [target] = await tx.select({ role: users.role, orgUnitId: users.orgUnitId }).from(users).where(eq(users.id, request.assigneeId));
    if (!target || target.role !== 'call-taker' || target.orgUnitId !== row.orgUnitId) {
      throw new ApiHttpError(400, 'invalid', 'assigneeId is not a call-taker of the instruction’s unit.', { assigneeId: 'not-a-call-taker-of-unit' });
    }
    if (row.assigneeId === request.assigneeId) return refuse('precondition-failed', 'The instruction is already assigned to this call-taker.');

    await tx.update(warningInstructions).set({ assigneeId: request.assigneeId }).where(eq(warningInstructions.id, id));
    await recordAudit(tx, {
      action: 'warning.transition',
      actorId: ctx.user.id,
      target: `warning:${id}`,
      detail: { action: 'reassign', from: current, to: current, assignee: { from: row.assigneeId, to: request.assigneeId }, reason: request.reason },
      ip: ctx.ip,
    });
    await publishInstructions(tx, [id]);
    const [updated] = await tx.select().from(warningInstructions).where(eq(warningInstructions.id, id));
    const [view] = await loadViews(tx, [updated as InstructionRow]);
    return { ok: true, instruction: view as WarningInstruction };
  });
}
