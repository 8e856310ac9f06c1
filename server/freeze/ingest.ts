import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { FreezeRecordInputSchema, type FreezeRecordInput, type IngestResponse } from '../../shared/schemas/freeze';
import { recordAudit } from '../audit/audit-log';
import type { Orm } from '../db/database';
import { freezeRecords } from '../db/schema';
import { normaliseAccount, normaliseIdNumber, normaliseName, normalisePhone } from './normalise';

type RowResult = IngestResponse['rows'][number];
type RowError = { field: string; message: string };
/** A validated, normalised row: exactly the stored columns. */
type FreezeRow = Omit<FreezeRecordInput, 'idNumber' | 'phone' | 'expiresAt'> & { idNumber: string | null; phone: string | null; expiresAt: number | null };

const DATE_FIELDS = ['startsAt', 'expiresAt'] as const;
/** Blank cells in these columns mean "not given" (status then takes its default). */
const OPTIONAL_FIELDS = ['idNumber', 'phone', 'expiresAt', 'status'] as const;
const COMPARED: Array<keyof FreezeRow> = [
  'holderName', 'idNumber', 'phone', 'accountKind', 'accountNumber', 'institution', 'measureType',
  'authority', 'authorityPhone', 'noticeNumber', 'startsAt', 'expiresAt', 'holderRole', 'status',
];
const WRITE_CHUNK = 250;
const READ_CHUNK = 1000;

/**
 * Dates arrive as epoch ms (number or digits) or ISO 8601 text; CSV leaves optional
 * columns as empty strings. Anything else is passed through for the schema to name.
 */
function coerce(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const row: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const field of OPTIONAL_FIELDS) if (typeof row[field] === 'string' && row[field].trim() === '') delete row[field];
  for (const field of DATE_FIELDS) {
    const value = row[field];
    if (typeof value !== 'string') continue;
    const text = value.trim();
    if (/^\d{1,16}$/.test(text)) row[field] = Number(text);
    else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text))) row[field] = Date.parse(text);
  }
  return row;
}

const issueErrors = (issues: z.core.$ZodIssue[]): RowError[] => issues.map((i) => ({ field: i.path.join('.') || '(row)', message: i.message }));

/** Validates and normalises one row; errors name the fields. */
export function validateRow(raw: unknown): { ok: true; row: FreezeRow } | { ok: false; errors: RowError[]; sourceId?: string } {
  const parsed = FreezeRecordInputSchema.safeParse(coerce(raw));
  const sourceId = typeof raw === 'object' && raw !== null && typeof (raw as { sourceId?: unknown }).sourceId === 'string' ? (raw as { sourceId: string }).sourceId : undefined;
  if (!parsed.success) return { ok: false, errors: issueErrors(parsed.error.issues), sourceId };
  const input = parsed.data;
  const row: FreezeRow = {
    ...input,
    holderName: normaliseName(input.holderName),
    idNumber: input.idNumber ? normaliseIdNumber(input.idNumber) : null,
    phone: input.phone ? normalisePhone(input.phone) : null,
    accountNumber: normaliseAccount(input.accountNumber),
    expiresAt: input.expiresAt ?? null,
  };
  const errors: RowError[] = [];
  if (input.accountKind !== 'payment-account' && !/^\d{4,40}$/.test(row.accountNumber)) errors.push({ field: 'accountNumber', message: 'Bank card and account numbers are digits only.' });
  if (row.idNumber !== null && !/^[0-9A-Z]{4,32}$/.test(row.idNumber)) errors.push({ field: 'idNumber', message: 'Letters and digits only.' });
  if (row.phone !== null && !/^\+?\d{3,20}$/.test(row.phone)) errors.push({ field: 'phone', message: 'Digits only (an optional leading +).' });
  if (row.expiresAt !== null && row.expiresAt < row.startsAt) errors.push({ field: 'expiresAt', message: 'Expires before it starts.' });
  return errors.length > 0 ? { ok: false, errors, sourceId: input.sourceId } : { ok: true, row };
}

const keyOf = (r: { source: string; sourceId: string }) => `${r.source}\u0000${r.sourceId}`;
const same = (a: FreezeRow, b: FreezeRow) => COMPARED.every((f) => a[f] === b[f]);

async function loadExisting(tx: Orm, rows: FreezeRow[]): Promise<Map<string, FreezeRow>> {
  const bySource = new Map<string, string[]>();
  for (const r of rows) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r.sourceId]);
  const found = new Map<string, FreezeRow>();
  for (const [source, ids] of bySource) {
    for (let i = 0; i < ids.length; i += READ_CHUNK) {
      const chunk = ids.slice(i, i + READ_CHUNK);
      const stored = await tx
        .select({ source: freezeRecords.source, sourceId: freezeRecords.sourceId, ...Object.fromEntries(COMPARED.map((f) => [f, freezeRecords[f]])) })
        .from(freezeRecords)
        .where(and(eq(freezeRecords.source, source), inArray(freezeRecords.sourceId, chunk)));
      for (const s of stored as unknown as FreezeRow[]) found.set(keyOf(s), { ...s, startsAt: Number(s.startsAt), expiresAt: s.expiresAt === null ? null : Number(s.expiresAt) });
    }
  }
  return found;
}

/**
 * Applies one batch in one transaction: each valid row is created, updated or found
 * unchanged (keyed on source + sourceId, so re-sending a batch is harmless); invalid rows
 * are reported with their fields and written nowhere. The audit entry commits with the rows.
 */
export async function ingestFreezeRecords(orm: Orm, rawRows: unknown[], audit: { actorId: string; ip: string; format: 'json' | 'csv' }): Promise<IngestResponse> {
  const checked = rawRows.map(validateRow);
  const valid = checked.flatMap((c) => (c.ok ? [c.row] : []));
  return orm.transaction(async (tx) => {
    const current = await loadExisting(tx, valid);
    const toWrite = new Map<string, FreezeRow>();
    const rows: RowResult[] = checked.map((c, index) => {
      if (!c.ok) return { row: index + 1, ...(c.sourceId ? { sourceId: c.sourceId } : {}), status: 'error', errors: c.errors };
      const key = keyOf(c.row);
      const before = current.get(key);
      current.set(key, c.row);
      if (before && same(before, c.row)) return { row: index + 1, sourceId: c.row.sourceId, status: 'unchanged' };
      toWrite.set(key, c.row);
      return { row: index + 1, sourceId: c.row.sourceId, status: before ? 'updated' : 'created' };
    });
    const writes = [...toWrite.values()];
    for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
      await tx
        .insert(freezeRecords)
        .values(writes.slice(i, i + WRITE_CHUNK))
        .onConflictDoUpdate({
          target: [freezeRecords.source, freezeRecords.sourceId],
          set: { ...Object.fromEntries(COMPARED.map((f) => [f, sql.raw(`excluded.${freezeRecords[f].name}`)])), updatedAt: sql`now()` },
        });
    }
    const count = (status: RowResult['status']) => rows.filter((r) => r.status === status).length;
    const response: IngestResponse = { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), failed: count('error'), rows };
    await recordAudit(tx, {
      action: 'freeze.ingest',
      actorId: audit.actorId,
      target: 'freeze_records',
      detail: { format: audit.format, rows: rows.length, created: response.created, updated: response.updated, unchanged: response.unchanged, failed: response.failed },
      ip: audit.ip,
    });
    return response;
  });
}
