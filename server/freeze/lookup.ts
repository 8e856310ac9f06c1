import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { FreezeLookupRequest, FreezeLookupResponse, FreezeRecordView, RevealableField } from '../../shared/schemas/freeze';
import type { Orm } from '../db/database';
import { freezeRecords } from '../db/schema';
import { maskAccount, maskIdNumber, maskName, maskPhone } from './mask';
import { normaliseAccount, normaliseIdNumber, normaliseName, normalisePhone } from './normalise';

/** Most results one look-up returns; more means the caller should narrow it (`truncated`). */
export const LOOKUP_LIMIT = 20;

type StoredRecord = typeof freezeRecords.$inferSelect;

/** Columns a look-up answer needs (no source bookkeeping); shared by every reader that masks with `toMaskedView`. */
export const viewColumns = {
  id: freezeRecords.id,
  holderName: freezeRecords.holderName,
  idNumber: freezeRecords.idNumber,
  phone: freezeRecords.phone,
  accountKind: freezeRecords.accountKind,
  accountNumber: freezeRecords.accountNumber,
  institution: freezeRecords.institution,
  measureType: freezeRecords.measureType,
  authority: freezeRecords.authority,
  authorityPhone: freezeRecords.authorityPhone,
  noticeNumber: freezeRecords.noticeNumber,
  startsAt: freezeRecords.startsAt,
  expiresAt: freezeRecords.expiresAt,
  holderRole: freezeRecords.holderRole,
  status: freezeRecords.status,
};
type ViewRow = Pick<StoredRecord, keyof typeof viewColumns>;

/** The stored row as a client sees it, personal fields masked. */
export function toMaskedView(row: ViewRow): FreezeRecordView {
  return {
    ...(row as unknown as FreezeRecordView),
    holderName: maskName(row.holderName),
    idNumber: row.idNumber === null ? null : maskIdNumber(row.idNumber),
    phone: row.phone === null ? null : maskPhone(row.phone),
    accountNumber: maskAccount(row.accountNumber),
    startsAt: Number(row.startsAt),
    expiresAt: row.expiresAt === null ? null : Number(row.expiresAt),
    masked: true,
  };
}

/** The normalised search value and the WHERE clause for a look-up; each shape is one index. */
export function lookupCondition(request: FreezeLookupRequest): { value: string; where: SQL } {
  switch (request.by) {
    case 'account': {
      const value = normaliseAccount(request.value);
      return { value, where: eq(freezeRecords.accountNumber, value) };
    }
    case 'idNumber': {
      const value = normaliseIdNumber(request.value);
      return { value, where: eq(freezeRecords.idNumber, value) };
    }
    case 'phone': {
      const value = normalisePhone(request.value);
      return { value, where: eq(freezeRecords.phone, value) };
    }
    case 'name': {
      const value = normaliseName(request.value);
      const tail = (request.partialNumber ?? '').toUpperCase();
      // right(…, 4) hits the (name, tail) expression indexes; the LIKE then checks all given digits.
      const last4 = tail.slice(-4);
      const where = and(
        eq(freezeRecords.holderName, value),
        or(
          and(sql`right(${freezeRecords.accountNumber}, 4) = ${last4}`, sql`${freezeRecords.accountNumber} like ${`%${tail}`}`),
          and(sql`right(${freezeRecords.idNumber}, 4) = ${last4}`, sql`${freezeRecords.idNumber} like ${`%${tail}`}`),
        ),
      ) as SQL;
      return { value, where };
    }
  }
}

/** Builds the prepared statement of one look-up shape (placeholders: value, last4, tail pattern). */
function prepareLookup(orm: Orm, by: FreezeLookupRequest['by']) {
  const value = sql.placeholder('value');
  let where: SQL;
  if (by === 'name') {
    const last4 = sql.placeholder('last4');
    const pattern = sql.placeholder('pattern');
    where = and(
      eq(freezeRecords.holderName, value),
      or(
        and(sql`right(${freezeRecords.accountNumber}, 4) = ${last4}`, sql`${freezeRecords.accountNumber} like ${pattern}`),
        and(sql`right(${freezeRecords.idNumber}, 4) = ${last4}`, sql`${freezeRecords.idNumber} like ${pattern}`),
      ),
    ) as SQL;
  } else {
    const column = by === 'account' ? freezeRecords.accountNumber : by === 'idNumber' ? freezeRecords.idNumber : freezeRecords.phone;
    where = eq(column, value);
  }
  return orm
    .select(viewColumns)
    .from(freezeRecords)
    .where(where)
    .orderBy(desc(freezeRecords.startsAt), freezeRecords.id)
    .limit(LOOKUP_LIMIT + 1)
    .prepare(`freeze_lookup_${by}`);
}
type LookupStatement = ReturnType<typeof prepareLookup>;

/**
 * Look-ups are the hottest read under load; building the query with the query builder cost
 * more CPU than anything else on the request path (profiled: ~15 % of the record store's
 * time in drizzle's builder at 50 concurrent look-ups). One prepared statement per shape and
 * database handle is built once; on PostgreSQL it is also a named server-side statement per
 * connection, so the plan is parsed once per connection.
 */
const statements = new WeakMap<Orm, Map<FreezeLookupRequest['by'], LookupStatement>>();
function lookupStatement(orm: Orm, by: FreezeLookupRequest['by']): LookupStatement {
  let byShape = statements.get(orm);
  if (!byShape) statements.set(orm, (byShape = new Map()));
  let statement = byShape.get(by);
  if (!statement) byShape.set(by, (statement = prepareLookup(orm, by)));
  return statement;
}

/** Runs a look-up: at most LOOKUP_LIMIT masked records, newest measure first (the same WHERE as `lookupCondition`). */
export async function lookupFreezeRecords(orm: Orm, request: FreezeLookupRequest): Promise<FreezeLookupResponse> {
  const { value } = lookupCondition(request);
  const tail = (request.partialNumber ?? '').toUpperCase();
  const params = request.by === 'name' ? { value, last4: tail.slice(-4), pattern: `%${tail}` } : { value };
  const rows = await lookupStatement(orm, request.by).execute(params);
  return { results: rows.slice(0, LOOKUP_LIMIT).map(toMaskedView), at: Date.now(), truncated: rows.length > LOOKUP_LIMIT };
}

/** One field of one record in the clear, or undefined when the record does not exist. */
export async function revealField(orm: Orm, id: string, field: RevealableField): Promise<{ value: string | null } | undefined> {
  const [row] = await orm.select({ value: freezeRecords[field] }).from(freezeRecords).where(eq(freezeRecords.id, id)).limit(1);
  return row ? { value: row.value } : undefined;
}
