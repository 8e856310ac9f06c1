import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { WarningInstructionInputSchema, type WarningIngestResponse, type WarningInstructionInput } from '../../shared/schemas/warning';
import { recordAudit } from '../audit/audit-log';
import type { Orm } from '../db/database';
import { orgUnits, warningInstructions } from '../db/schema';
import type { WarningServerConfig } from './grade-config';
import { fillSmsTemplate, loadSmsTemplate, queueSms } from './sms-outbox';
import { decideTransition } from './state-machine';
import { publishInstructions } from './warning-store';

type RowResult = WarningIngestResponse['rows'][number];
/** Rows per INSERT statement (well under PostgreSQL's 65,535 parameters). */
const INSERT_CHUNK = 500;
const issueErrors = (issues: z.core.$ZodIssue[]) => issues.map((i) => ({ field: i.path.join('.') || '(row)', message: i.message }));
const sourceIdOf = (raw: unknown): string | undefined =>
  typeof raw === 'object' && raw !== null && typeof (raw as { sourceId?: unknown }).sourceId === 'string' ? (raw as { sourceId: string }).sourceId : undefined;

export interface IngestContext {
  actorId: string;
  ip: string | null;
  config: WarningServerConfig;
}

/**
 * Creates the batch's new instructions in one transaction, idempotent on `sourceId`: an id
 * seen before is `unchanged` (the platform re-sends; its later changes arrive as regrades
 * or voids, not re-ingests). Invalid items are reported with their fields and skipped.
 * With the automatic low-grade rule on, each new low instruction gets its SMS queued and
 * moves to `sms-sent` in the same transaction (audited as `warning.auto-sms`); the caller
 * drains the outbox after commit.
 */
export async function ingestWarnings(orm: Orm, raws: unknown[], ctx: IngestContext): Promise<WarningIngestResponse> {
  return orm.transaction(async (tx) => {
    const rows: RowResult[] = [];
    const valid: Array<{ row: number; input: WarningInstructionInput }> = [];
    raws.forEach((raw, i) => {
      const parsed = WarningInstructionInputSchema.safeParse(raw);
      if (parsed.success) valid.push({ row: i + 1, input: parsed.data });
      else rows[i] = { row: i + 1, sourceId: sourceIdOf(raw), status: 'error', errors: issueErrors(parsed.error.issues) };
    });

    const codes = [...new Set(valid.map((v) => v.input.orgUnitCode))];
    const units = codes.length ? await tx.select({ id: orgUnits.id, code: orgUnits.code }).from(orgUnits).where(inArray(orgUnits.code, codes)) : [];
    const unitByCode = new Map(units.map((u) => [u.code, u.id]));
    const sourceIds = valid.map((v) => v.input.sourceId);
    const existing = sourceIds.length
      ? await tx.select({ id: warningInstructions.id, sourceId: warningInstructions.sourceId }).from(warningInstructions).where(inArray(warningInstructions.sourceId, sourceIds))
      : [];
    const known = new Map(existing.map((e) => [e.sourceId, e.id]));

    const fresh: Array<{ row: number; input: WarningInstructionInput; orgUnitId: string }> = [];
    const inBatch = new Set<string>();
    for (const { row, input } of valid) {
      const orgUnitId = unitByCode.get(input.orgUnitCode);
      const seen = known.get(input.sourceId);
      if (seen || inBatch.has(input.sourceId)) {
        rows[row - 1] = { row, sourceId: input.sourceId, status: 'unchanged', ...(seen ? { id: seen } : {}) };
        continue;
      }
      if (!orgUnitId) {
        rows[row - 1] = { row, sourceId: input.sourceId, status: 'error', errors: [{ field: 'orgUnitCode', message: `No org unit ${input.orgUnitCode}.` }] };
        continue;
      }
      inBatch.add(input.sourceId);
      fresh.push({ row, input, orgUnitId });
    }

    const now = ctx.config.now();
    const created: string[] = [];
    const autoSms: Array<{ id: string; input: WarningInstructionInput }> = [];
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      const chunk = fresh.slice(i, i + INSERT_CHUNK);
      const inserted = await tx
        .insert(warningInstructions)
        .values(
          chunk.map(({ input, orgUnitId }) => ({
            sourceId: input.sourceId,
            grade: input.grade,
            personName: input.personName,
            phones: input.phones,
            idNumber: input.idNumber?.toUpperCase() ?? null,
            fraudType: input.fraudType,
            summary: input.summary,
            issuedAt: input.issuedAt,
            orgUnitId,
            state: 'issued',
            stateAt: now,
            updatedSeq: 0,
          })),
        )
        .returning({ id: warningInstructions.id, sourceId: warningInstructions.sourceId });
      const idOf = new Map(inserted.map((r) => [r.sourceId, r.id]));
      for (const { row, input } of chunk) {
        const id = idOf.get(input.sourceId) as string;
        created.push(id);
        rows[row - 1] = { row, sourceId: input.sourceId, status: 'created', id };
        if (input.grade === 'low' && ctx.config.autoSmsLow) autoSms.push({ id, input });
      }
    }

    const source = autoSms.length > 0 ? await loadSmsTemplate(tx, ctx.config.autoSmsTemplateKey) : null;
    for (const { id, input } of autoSms) await queueAutoSms(tx, id, input, source, ctx);
    await publishInstructions(tx, created);
    const summary = { created: created.length, unchanged: rows.filter((r) => r.status === 'unchanged').length, failed: rows.filter((r) => r.status === 'error').length };
    await recordAudit(tx, { action: 'warning.ingest', actorId: ctx.actorId, target: 'warning-instructions', detail: { ...summary, autoSms: autoSms.length }, ip: ctx.ip });
    return { ...summary, rows };
  });
}

/** The automatic low-grade SMS: queued to the first number and the instruction moved to sms-sent, or left issued (and audited why). */
async function queueAutoSms(tx: Orm, id: string, input: WarningInstructionInput, source: string | null, ctx: IngestContext): Promise<void> {
  const key = ctx.config.autoSmsTemplateKey;
  const body = fillSmsTemplate(key, source, { callerName: input.personName });
  const to = input.phones[0] as string;
  if (!body.ok) {
    await recordAudit(tx, { action: 'warning.auto-sms', actorId: null, target: `warning:${id}`, detail: { sent: false, reason: body.reason, templateKey: key }, ip: null });
    return;
  }
  const outboxId = await queueSms(tx, { instructionId: id, toNumber: to, body: body.body, templateKey: key, automatic: true, requestedBy: null });
  // The machine stays the one authority on states, the system actor included.
  const decision = decideTransition({ state: 'issued', grade: input.grade, openVisit: false }, { action: 'send-sms', expectedState: 'issued', templateKey: key }, { role: 'system', cityUnit: false });
  if (!decision.ok) throw new Error(`automatic SMS refused by the state machine: ${decision.message}`);
  await tx.update(warningInstructions).set({ state: decision.state, stateAt: ctx.config.now() }).where(eq(warningInstructions.id, id));
  await recordAudit(tx, { action: 'warning.auto-sms', actorId: null, target: `warning:${id}`, detail: { sent: true, outboxId, templateKey: key, from: 'issued', to: 'sms-sent' }, ip: null });
}
