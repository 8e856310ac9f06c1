import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AutoCallSummary, WarningInstruction } from '../../shared/schemas/warning';
import type { Orm } from '../db/database';
import { autoCallAttempts, autoCallJobs, warningAttempts, warningContacts, warningInstructions, warningVisits } from '../db/schema';
import { notifyChanges } from '../events/change-notice';
import { allocateSeqs, appendChanges, lockChangeLog, type ChangeRow } from '../sync/change-log';

export type InstructionRow = typeof warningInstructions.$inferSelect;

const UPDATE_CHUNK = 1000;

/** The automatic call's part of the view (issue 19): null until the automatic caller took the instruction up. */
function autoCallOf(job: typeof autoCallJobs.$inferSelect | undefined, attempts: Array<typeof autoCallAttempts.$inferSelect>): AutoCallSummary | null {
  if (!job) return null;
  return {
    status: job.status as AutoCallSummary['status'],
    priority: job.priority,
    escalation: job.escalation,
    // Progress for the desks: a call is being made now (a lease is held), the next one's time, calls in all.
    inCall: job.claimedBy !== null,
    nextAttemptAt: job.status === 'queued' ? job.nextAttemptAt : null,
    maxAttempts: job.maxAttempts,
    attempts: attempts.map((a) => ({ at: a.at, number: a.number, outcome: a.outcome as never, result: a.result as never })),
  };
}

/** Client shape of stored rows (the list answer and the change-log data). */
export async function loadViews(orm: Orm, rows: InstructionRow[]): Promise<WarningInstruction[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [attempts, contacts, visits, autoJobs, autoAttempts] = [
    await orm.select().from(warningAttempts).where(inArray(warningAttempts.instructionId, ids)).orderBy(asc(warningAttempts.at)),
    await orm.select().from(warningContacts).where(inArray(warningContacts.instructionId, ids)).orderBy(asc(warningContacts.at)),
    await orm.select().from(warningVisits).where(inArray(warningVisits.instructionId, ids)).orderBy(asc(warningVisits.dispatchedAt)),
    await orm.select().from(autoCallJobs).where(inArray(autoCallJobs.instructionId, ids)),
    await orm.select().from(autoCallAttempts).where(inArray(autoCallAttempts.instructionId, ids)).orderBy(asc(autoCallAttempts.at)),
  ];
  const group = <T extends { instructionId: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of list) map.set(item.instructionId, [...(map.get(item.instructionId) ?? []), item]);
    return map;
  };
  const [byAttempt, byContact, byVisit, byAutoAttempt] = [group(attempts), group(contacts), group(visits), group(autoAttempts)];
  const autoJob = new Map(autoJobs.map((j) => [j.instructionId, j]));
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.sourceId,
    grade: r.grade as WarningInstruction['grade'],
    personName: r.personName,
    phones: r.phones,
    idNumber: r.idNumber,
    fraudType: r.fraudType as WarningInstruction['fraudType'],
    summary: r.summary,
    issuedAt: r.issuedAt,
    orgUnitId: r.orgUnitId,
    assigneeId: r.assigneeId,
    state: r.state as WarningInstruction['state'],
    stateAt: r.stateAt,
    gradeHistory: r.gradeHistory as WarningInstruction['gradeHistory'],
    voidReason: r.voidReason,
    feedback: r.feedback,
    evaluation: (r.evaluation as WarningInstruction['evaluation']) ?? null,
    fraudReportCaseId: r.fraudReportCaseId,
    attempts: (byAttempt.get(r.id) ?? []).map((a) => ({ id: a.id, at: a.at, agentId: a.agentId, channel: a.channel as never, number: a.number, result: a.result as never, callRecordId: a.callRecordId })),
    contacts: (byContact.get(r.id) ?? []).map((c) => ({ id: c.id, at: c.at, agentId: c.agentId, relation: c.relation, name: c.name, number: c.number, result: c.result as never })),
    visits: (byVisit.get(r.id) ?? []).map((v) => ({
      id: v.id,
      stationUnitId: v.stationUnitId,
      dispatchedAt: v.dispatchedAt,
      officer: v.officer,
      metAt: v.metAt,
      place: v.place,
      result: v.result as never,
      returnedAt: v.returnedAt,
    })),
    autoCall: autoCallOf(autoJob.get(r.id), byAutoAttempt.get(r.id) ?? []),
  }));
}

/** Reads one instruction and locks its row until the transaction ends (null: no such id). */
export async function lockInstruction(tx: Orm, id: string): Promise<InstructionRow | null> {
  const [row] = await tx.select().from(warningInstructions).where(eq(warningInstructions.id, id)).for('update');
  return row ?? null;
}

/** True when a visit of this instruction is out at a station and not yet returned. */
export async function hasOpenVisit(orm: Orm, id: string): Promise<boolean> {
  const open = await orm.select({ id: warningVisits.id }).from(warningVisits).where(and(eq(warningVisits.instructionId, id), isNull(warningVisits.returnedAt))).limit(1);
  return open.length > 0;
}

/**
 * Publishes the instructions' current state to the change log, once per org unit that
 * should see them: the responsible unit and every station a visit was dispatched to (so
 * the station's queue shows it and keeps seeing what became of it). Pokes the SSE streams
 * of those units on commit. Call inside the transaction that made the change.
 */
export async function publishInstructions(tx: Orm, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await lockChangeLog(tx);
  const rows = await tx.select().from(warningInstructions).where(inArray(warningInstructions.id, ids));
  const views = await loadViews(tx, rows);
  const targets = views.flatMap((v) => [...new Set([v.orgUnitId, ...v.visits.map((visit) => visit.stationUnitId)])].map((unit) => ({ view: v, unit })));
  const seqs = await allocateSeqs(tx, targets.length);
  const log: ChangeRow[] = targets.map((t, i) => ({ seq: seqs[i] as number, entity: 'warningInstruction', entityId: t.view.id, orgUnitId: t.unit, data: t.view }));
  await appendChanges(tx, log);
  // Each instruction's last seq, in one statement per chunk (an ingest publishes thousands).
  const lastSeq = new Map<string, number>();
  for (const row of log) lastSeq.set(row.entityId, Math.max(lastSeq.get(row.entityId) ?? 0, row.seq));
  const pairs = [...lastSeq];
  for (let i = 0; i < pairs.length; i += UPDATE_CHUNK) {
    const values = sql.join(
      pairs.slice(i, i + UPDATE_CHUNK).map(([id, seq]) => sql`(${id}::uuid, ${seq}::bigint)`),
      sql`, `,
    );
    await tx.execute(sql`UPDATE warning_instructions AS w SET updated_seq = v.seq FROM (VALUES ${values}) AS v(id, seq) WHERE w.id = v.id`);
  }
  await notifyChanges(tx, log);
}
