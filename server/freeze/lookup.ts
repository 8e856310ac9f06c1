import { eq } from 'drizzle-orm';
import type { FreezeLookupRequest, FreezeRecordView, RevealableField } from '../../shared/schemas/freeze';
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

/**
 * The normalised search value of a look-up (the stored columns hold normalised values).
 * The look-up itself runs folded with its caller's session check (`folded-lookup.ts`).
 */
export function normalisedLookupValue(request: Pick<FreezeLookupRequest, 'by' | 'value'>): string {
  switch (request.by) {
    case 'account':
      return normaliseAccount(request.value);
    case 'idNumber':
      return normaliseIdNumber(request.value);
    case 'phone':
      return normalisePhone(request.value);
    case 'name':
      return normaliseName(request.value);
  }
}

/** One field of one record in the clear, or undefined when the record does not exist. */
export async function revealField(orm: Orm, id: string, field: RevealableField): Promise<{ value: string | null } | undefined> {
  const [row] = await orm.select({ value: freezeRecords[field] }).from(freezeRecords).where(eq(freezeRecords.id, id)).limit(1);
  return row ? { value: row.value } : undefined;
}
