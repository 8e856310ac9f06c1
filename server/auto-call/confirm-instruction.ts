import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit-log';
import type { Orm } from '../db/database';
import { warningInstructions } from '../db/schema';
import { decideTransition } from '../warnings/state-machine';
import type { WarningGrade, WarningState } from '../../shared/schemas/warning';

/**
 * The person pressed 1 on an automatic call: the instruction takes the agents' `dissuaded`
 * outcome through the state machine (system actor) and the step is audited (the caller
 * publishes the instruction to the desks' sync). Runs inside the settling transaction; the row is locked first so an agent's
 * concurrent action either comes before (and the machine refuses: returns false) or after.
 */
export async function confirmInstructionByCall(tx: Orm, instructionId: string, now: number, caller: string): Promise<boolean> {
  const [row] = await tx.select({ state: warningInstructions.state, grade: warningInstructions.grade }).from(warningInstructions).where(eq(warningInstructions.id, instructionId)).for('update');
  if (!row) return false;
  const from = row.state as WarningState;
  const decision = decideTransition({ state: from, grade: row.grade as WarningGrade, openVisit: false }, { action: 'outcome', outcome: 'dissuaded', expectedState: from }, { role: 'system', cityUnit: false });
  if (!decision.ok) {
    await recordAudit(tx, { action: 'warning.auto-call', actorId: null, target: `warning:${instructionId}`, detail: { confirmed: true, moved: false, from, reason: decision.message, caller }, ip: null });
    return false;
  }
  await tx.update(warningInstructions).set({ state: decision.state, stateAt: now }).where(eq(warningInstructions.id, instructionId));
  await recordAudit(tx, { action: 'warning.auto-call', actorId: null, target: `warning:${instructionId}`, detail: { confirmed: true, moved: true, from, to: decision.state, caller }, ip: null });
  return true;
}
