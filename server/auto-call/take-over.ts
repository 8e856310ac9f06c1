import { eq, sql } from 'drizzle-orm';
import type { WarningState } from '../../shared/schemas/warning';
import { recordAudit } from '../audit/audit-log';
import { queryRows, type Orm } from '../db/database';
import { warningInstructions } from '../db/schema';
import { forbidden } from '../http/api-error';
import { finish, lockFor, type ActionContext, type ActionResult } from '../warnings/warning-actions';

/** What a take-over found of the automatic work: no job, a job waiting, or a call being made right now. */
export type AutomaticWork = 'none' | 'queued' | 'in-call' | 'finished';

/**
 * Stops the automatic work on an instruction (inside a transaction that already holds the
 * instruction's row lock): the job becomes `taken-over` and will never be claimed again.
 * A call in progress keeps its `claimed_by`, so when it ends its attempt is still recorded
 * (it was made) but it decides nothing more (auto-call-dispatcher.ts, settleAutoCall).
 * Lock order is instruction row, then job row — the same as settling — so the two never deadlock.
 */
export async function stopAutomaticWork(tx: Orm, instructionId: string, now: number): Promise<AutomaticWork> {
  const [job] = await queryRows<{ status: string; in_call: boolean }>(
    tx,
    sql`SELECT status, (claimed_by IS NOT NULL AND claimed_until >= ${now}) AS in_call FROM auto_call_jobs WHERE instruction_id = ${instructionId} FOR UPDATE`,
  );
  if (!job) return 'none';
  if (job.status !== 'queued') return 'finished';
  await tx.execute(sql`UPDATE auto_call_jobs SET status = 'taken-over', updated_at = ${now} WHERE instruction_id = ${instructionId}`);
  return job.in_call ? 'in-call' : 'queued';
}

/**
 * An agent takes an instruction over from the automatic caller (issue 19), at any time: the
 * instruction is assigned to them and the automatic work stops. Refused with 409 when another
 * person already holds it (the answer names the state; the list shows the holder), and for
 * settled instructions there is nothing to take over.
 */
export async function takeOverInstruction(orm: Orm, id: string, ctx: ActionContext): Promise<ActionResult & { automatic?: AutomaticWork }> {
  return orm.transaction(async (tx) => {
    const { row, access } = await lockFor(tx, id, ctx);
    const current = row.state as WarningState;
    if (access !== 'responsible') throw forbidden('A station records and returns visits; the responsible unit takes instructions over.');
    if (row.assigneeId !== null && row.assigneeId !== ctx.user.id) return { ok: false, code: 'conflict', message: `The instruction is held by ${row.assigneeId}.`, current };
    const now = ctx.config.now();
    const automatic = await stopAutomaticWork(tx, id, now);
    if (row.assigneeId === null) await tx.update(warningInstructions).set({ assigneeId: ctx.user.id }).where(eq(warningInstructions.id, id));
    await recordAudit(tx, { action: 'warning.auto-call', actorId: ctx.user.id, target: `warning:${id}`, detail: { takeOver: true, automatic, state: current }, ip: ctx.ip });
    return { ...(await finish(tx, id)), automatic };
  });
}
