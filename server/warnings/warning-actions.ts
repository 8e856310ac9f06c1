import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { SessionUser } from '../../shared/schemas/auth';
import type { AttemptInput, ContactInput, VisitRecordInput, WarningGrade, WarningInstruction, WarningState, WarningTransitionRequest } from '../../shared/schemas/warning';
import { WORKING_STATES } from '../../shared/schemas/warning';
import { recordAudit } from '../audit/audit-log';
import { assertLinkedInScope } from '../auth/linked-scope';
import { SUBTREE_WRITERS } from '../auth/roles';
import type { OrgScope } from '../auth/scopes';
import type { Orm } from '../db/database';
import { orgUnits, warningAttempts, warningContacts, warningInstructions, warningVisits } from '../db/schema';
import { ApiHttpError, forbidden } from '../http/api-error';
import type { WarningServerConfig } from './grade-config';
import { queueSms, smsBodyFor } from './sms-outbox';
import { decideTransition } from './state-machine';
import { hasOpenVisit, loadViews, lockInstruction, publishInstructions, type InstructionRow } from './warning-store';

/** Who acts, from where, under which configuration. */
export interface ActionContext {
  user: SessionUser;
  scope: OrgScope;
  ip: string | null;
  config: WarningServerConfig;
}

/** An action's answer: the instruction after it, or a refusal carrying the server's state. */
export type ActionResult = { ok: true; instruction: WarningInstruction; smsQueued: boolean } | { ok: false; code: string; message: string; current: WarningState };

type Access = 'responsible' | 'station';

/** Writes stay in the caller's own unit unless the role supervises the subtree (README, role table). */
const writeUnits = (ctx: ActionContext): readonly string[] => (SUBTREE_WRITERS.includes(ctx.user.role) ? ctx.scope.unitIds : [ctx.user.orgUnitId]);

const notFound = (id: string) => new ApiHttpError(404, 'not-found', `No warning instruction ${id} for your unit.`);

/** Locks the instruction and says how the caller may touch it; 404 when it is none of their business (existence is not revealed). */
export async function lockFor(tx: Orm, id: string, ctx: ActionContext): Promise<{ row: InstructionRow; access: Access }> {
  const row = await lockInstruction(tx, id);
  if (!row) throw notFound(id);
  const units = writeUnits(ctx);
  if (units.includes(row.orgUnitId)) return { row, access: 'responsible' };
  const visits = await tx.select({ id: warningVisits.id }).from(warningVisits).where(and(eq(warningVisits.instructionId, id), inArray(warningVisits.stationUnitId, units))).limit(1);
  if (visits.length > 0) return { row, access: 'station' };
  throw notFound(id);
}

/** Publishes the instruction to the desks' sync and answers with its view. */
export async function finish(tx: Orm, id: string, smsQueued = false): Promise<ActionResult> {
  await publishInstructions(tx, [id]);
  const [row] = await tx.select().from(warningInstructions).where(eq(warningInstructions.id, id));
  const [view] = await loadViews(tx, [row as InstructionRow]);
  return { ok: true, instruction: view as WarningInstruction, smsQueued };
}

/** Applies one state-machine transition (and its side effects: visit dispatch, SMS, regrade history), audited. */
export async function transitionInstruction(orm: Orm, id: string, request: WarningTransitionRequest, ctx: ActionContext): Promise<ActionResult> {
  return orm.transaction(async (tx) => {
    const { row, access } = await lockFor(tx, id, ctx);
    const current = row.state as WarningState;
    if (access !== 'responsible') throw forbidden('A station records and returns visits; the responsible unit moves the instruction.');
    const [unit] = await tx.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, ctx.user.orgUnitId));
    const facts = { state: current, grade: row.grade as WarningGrade, openVisit: await hasOpenVisit(tx, id) };
    const decision = decideTransition(facts, request, { role: ctx.user.role, cityUnit: unit?.kind === 'city' });
    if (!decision.ok) {
      if (decision.status === 403) throw forbidden(decision.message);
      return { ok: false, code: decision.code, message: decision.message, current };
    }
    const now = ctx.config.now();
    const patch: Partial<typeof warningInstructions.$inferInsert> = { state: decision.state };
    if (decision.state !== current) patch.stateAt = now;
    let smsQueued = false;
    switch (request.action) {
      case 'sign':
        patch.assigneeId = ctx.user.id;
        break;
      case 'regrade':
        patch.grade = decision.grade;
        patch.gradeHistory = [...row.gradeHistory, { from: row.grade, to: decision.grade, at: now, by: ctx.user.id, reason: request.reason }];
        break;
      case 'void':
        patch.voidReason = request.reason;
        break;
      case 'feedback':
        patch.feedback = request.feedback;
        break;
      case 'outcome':
        if (request.fraudReportCaseId !== undefined) {
          if (request.outcome !== 'defrauded') throw new ApiHttpError(400, 'invalid', 'fraudReportCaseId goes only with the defrauded outcome.', { fraudReportCaseId: 'only-when-defrauded' });
          await assertLinkedInScope(tx, writeUnits(ctx), { caseId: request.fraudReportCaseId }, { caseId: 'fraudReportCaseId' });
          patch.fraudReportCaseId = request.fraudReportCaseId;
        }
        break;
      case 'evaluate':
        patch.evaluation = { ...request.evaluation, by: ctx.user.id, at: now };
        break;
      case 'request-visit': {
        const [station] = await tx.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, request.stationUnitId));
        if (station?.kind !== 'station') throw new ApiHttpError(400, 'invalid', 'stationUnitId is not a police station.', { stationUnitId: 'not-a-station' });
        // Dispatch only to the stations under the caller's unit (the warning-stations list).
        if (!ctx.scope.unitIds.includes(request.stationUnitId)) throw new ApiHttpError(403, 'forbidden', 'stationUnitId is not under your unit.', { stationUnitId: 'other-org-unit' });
        await tx.insert(warningVisits).values({ instructionId: id, stationUnitId: request.stationUnitId, dispatchedAt: now, dispatchedBy: ctx.user.id });
        break;
      }
      case 'send-sms': {
        const body = await smsBodyFor(tx, request.templateKey, { callerName: row.personName });
        if (!body.ok) throw new ApiHttpError(400, 'invalid', `Cannot send this SMS: ${body.reason}.`, { templateKey: 'sms-template-unusable' });
        await queueSms(tx, { instructionId: id, toNumber: row.phones[0] as string, body: body.body, templateKey: request.templateKey, automatic: false, requestedBy: ctx.user.id });
        smsQueued = true;
        break;
      }
      default:
        break;
    }
    await tx.update(warningInstructions).set(patch).where(eq(warningInstructions.id, id));
    await recordAudit(tx, {
      action: request.action === 'send-sms' ? 'warning.sms' : 'warning.transition',
      actorId: ctx.user.id,
      target: `warning:${id}`,
      detail: {
        action: request.action,
        from: current,
        to: decision.state,
        ...(request.action === 'regrade' ? { grade: { from: row.grade, to: decision.grade } } : {}),
        ...(patch.fraudReportCaseId ? { fraudReportCaseId: patch.fraudReportCaseId } : {}),
      },
      ip: ctx.ip,
    });
    return finish(tx, id, smsQueued);
  });
}

/** States in which reaching the person (or relatives) is being done. */
const REACHING: ReadonlySet<WarningState> = new Set<WarningState>(['signed-for', ...WORKING_STATES]);

/** Records one attempt to reach the person; refused (with the state) unless the instruction is being worked. */
export async function recordAttempt(orm: Orm, id: string, input: AttemptInput, ctx: ActionContext): Promise<ActionResult> {
  return orm.transaction(async (tx) => {
    const { row } = await lockFor(tx, id, ctx);
    await assertLinkedInScope(tx, writeUnits(ctx), { callRecordId: input.callRecordId });
    if (!REACHING.has(row.state as WarningState)) return { ok: false, code: 'invalid-transition', message: `Attempts are recorded while the instruction is worked; it is ${row.state}.`, current: row.state as WarningState };
    const [attempt] = await tx.insert(warningAttempts).values({ instructionId: id, agentId: ctx.user.id, ...input }).returning({ id: warningAttempts.id });
    await recordAudit(tx, {
      action: 'warning.attempt',
      actorId: ctx.user.id,
      target: `warning:${id}`,
      detail: { attemptId: attempt?.id, channel: input.channel, result: input.result, at: input.at, callRecordId: input.callRecordId },
      ip: ctx.ip,
    });
    return finish(tx, id);
  });
}

/** Records a relative's or friend's contact (by the responsible unit or the visiting station). */
export async function recordContact(orm: Orm, id: string, input: ContactInput, ctx: ActionContext): Promise<ActionResult> {
  return orm.transaction(async (tx) => {
    const { row } = await lockFor(tx, id, ctx);
    if (!REACHING.has(row.state as WarningState)) return { ok: false, code: 'invalid-transition', message: `Contacts are recorded while the instruction is worked; it is ${row.state}.`, current: row.state as WarningState };
    const [contact] = await tx.insert(warningContacts).values({ instructionId: id, agentId: ctx.user.id, ...input }).returning({ id: warningContacts.id });
    // The relative's name and number stay in warning_contacts; the trail says who recorded what, when.
    await recordAudit(tx, { action: 'warning.contact', actorId: ctx.user.id, target: `warning:${id}`, detail: { contactId: contact?.id, relation: input.relation, result: input.result, at: input.at }, ip: ctx.ip });
    return finish(tx, id);
  });
}

/** The station (a user of the very unit the visit went to) records its visit (officer, time met, place, result) and, with `returnToUnit`, sends it back. */
export async function recordVisit(orm: Orm, id: string, input: VisitRecordInput & { returnToUnit: boolean }, ctx: ActionContext): Promise<ActionResult> {
  return orm.transaction(async (tx) => {
    const { row } = await lockFor(tx, id, ctx);
    const [visit] = await tx
      .select()
      .from(warningVisits)
      .where(and(eq(warningVisits.instructionId, id), isNull(warningVisits.returnedAt), eq(warningVisits.stationUnitId, ctx.user.orgUnitId)))
      .limit(1);
    if (!visit) return { ok: false, code: 'invalid-transition', message: 'No visit of this instruction is open at your station.', current: row.state as WarningState };
    const { returnToUnit, ...facts } = input;
    await tx.update(warningVisits).set({ ...facts, returnedAt: returnToUnit ? ctx.config.now() : null }).where(eq(warningVisits.id, visit.id));
    await recordAudit(tx, { action: 'warning.transition', actorId: ctx.user.id, target: `warning:${id}`, detail: { action: returnToUnit ? 'visit-return' : 'visit-record', result: input.result }, ip: ctx.ip });
    return finish(tx, id);
  });
}
