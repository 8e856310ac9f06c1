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

/** Runs a look-up: at most LOOKUP_LIMIT masked records, newest measure first. */
export async function lookupFreezeRecords(orm: Orm, request: FreezeLookupRequest): Promise<FreezeLookupResponse> {
  const { where } = lookupCondition(request);
  const rows = await orm
    .select(viewColumns)
    .from(freezeRecords)
    .where(where)
    .orderBy(desc(freezeRecords.startsAt), freezeRecords.id)
    .limit(LOOKUP_LIMIT + 1);
  return { results: rows.slice(0, LOOKUP_LIMIT).map(toMaskedView), at: Date.now(), truncated: rows.length > LOOKUP_LIMIT };
}

/** One field of one record in the clear, or undefined when the record does not exist. */
export async function revealField(orm: Orm, id: string, field: RevealableField): Promise<{ value: string | null } | undefined> {
  const [row] = await orm.select({ value: freezeRecords[field] }).from(freezeRecords).where(eq(freezeRecords.id, id)).limit(1);
  return row ? { value: row.value } : undefined;
}
