import { and, desc, eq, gte, inArray, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { caseNumberOf, parseCaseNumber } from '../../shared/schemas/case-number';
import { HISTORY_LIMIT_DEFAULT, type HistoryItem, type HistorySearchQuery, type HistorySearchResponse } from '../../shared/schemas/history';
import type { CaseFields } from '../../shared/schemas/case';
import type { Orm } from '../db/database';
import { cases, freezeRecords, warningInstructions } from '../db/schema';
import { maskIdNumber } from '../freeze/mask';
import { normaliseIdNumber } from '../freeze/normalise';
import { isFullNumber, numberSpellings } from '../../shared/phone/number-spellings';

/** Phones linked to one resident ID, at most this many (a person has a handful). */
const LINKED_PHONES_MAX = 50;

/** Where a resident ID leads: the phones and fraud-report cases of records that carry it. */
async function linksOfIdNumber(orm: Orm, idNumber: string, warningUnitIds: string[]): Promise<{ phones: string[]; caseIds: string[] }> {
  const warnings = await orm
    .select({ phones: warningInstructions.phones, caseId: warningInstructions.fraudReportCaseId })
    .from(warningInstructions)
    .where(and(eq(warningInstructions.idNumber, idNumber), inArray(warningInstructions.orgUnitId, warningUnitIds)))
    .limit(LINKED_PHONES_MAX);
  const freezes = await orm
    .selectDistinct({ phone: freezeRecords.phone })
    .from(freezeRecords)
    .where(and(eq(freezeRecords.idNumber, idNumber), sql`${freezeRecords.phone} is not null`))
    .limit(LINKED_PHONES_MAX);
  const phones = new Set<string>();
  for (const w of warnings) for (const p of w.phones) phones.add(p);
  for (const f of freezes) if (f.phone) phones.add(f.phone);
  return { phones: [...phones].slice(0, LINKED_PHONES_MAX), caseIds: warnings.map((w) => w.caseId).filter((id): id is string => id !== null) };
}

/** A full number matches its stored spellings (indexed); anything else is a tail of 4+ digits. */
function numberCondition(number: string): SQL {
  const digits = number.replace(/^\+/, '');
  if (isFullNumber(number)) return inArray(cases.callerNumber, numberSpellings(number));
  return like(cases.callerNumber, `%${digits}`);
}

function cursorCondition(cursor: string): SQL {
  const [at, id] = cursor.split(':') as [string, string];
  return or(lt(cases.createdAt, Number(at)), and(eq(cases.createdAt, Number(at)), lt(cases.id, id))) as SQL;
}

export interface SearchScope {
  /** Units whose cases are searched (what the user pulls). */
  caseUnitIds: string[];
  /** Units whose warning instructions may link an ID number to a phone. */
  warningUnitIds: string[];
}

/**
 * Searches cases in the caller's units by number (full or tail), case number, resident ID
 * (through the phones and fraud-report cases of warning instructions and freeze records that
 * carry it) and creation date; every given criterion must hold. Newest first, keyset-paged.
 */
export async function searchHistory(orm: Orm, query: HistorySearchQuery, scope: SearchScope, now = Date.now()): Promise<HistorySearchResponse> {
  const limit = query.limit ?? HISTORY_LIMIT_DEFAULT;
  const conditions: SQL[] = [inArray(cases.orgUnitId, scope.caseUnitIds)];
  let matchedBy: HistoryItem['matchedBy'] = 'date';
  let idNumberMasked: string | null = null;
  if (query.number) {
    conditions.push(numberCondition(query.number));
    matchedBy = 'number';
  }
  if (query.idNumber) {
    const id = normaliseIdNumber(query.idNumber);
    const links = await linksOfIdNumber(orm, id, scope.warningUnitIds);
    const spellings = links.phones.flatMap(numberSpellings);
    const linked: SQL[] = [];
    if (spellings.length > 0) linked.push(inArray(cases.callerNumber, spellings));
    if (links.caseIds.length > 0) linked.push(inArray(cases.id, links.caseIds));
    if (linked.length === 0) return { items: [], nextCursor: null, at: now };
    conditions.push(or(...linked) as SQL);
    matchedBy = 'id-number';
    idNumberMasked = maskIdNumber(id);
  }
  if (query.caseNumber) {
    const parsed = parseCaseNumber(query.caseNumber);
    if (!parsed) return { items: [], nextCursor: null, at: now };
    conditions.push(gte(cases.createdAt, parsed.from), lt(cases.createdAt, parsed.to), sql`${cases.id}::text like ${`${parsed.idPrefix}%`}`);
    matchedBy = 'case-number';
  }
  if (query.from !== undefined) conditions.push(gte(cases.createdAt, query.from));
  if (query.to !== undefined) conditions.push(lt(cases.createdAt, query.to));
  if (query.cursor) conditions.push(cursorCondition(query.cursor));
  const rows = await orm
    .select()
    .from(cases)
    .where(and(...conditions))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const items: HistoryItem[] = page.map((r) => {
    const fields = r.fields as CaseFields;
    const createdAt = Number(r.createdAt);
    return {
      caseId: r.id,
      caseNumber: caseNumberOf({ id: r.id, createdAt }),
      callRecordId: r.callRecordId,
      callerNumber: r.callerNumber,
      direction: fields.direction ?? null,
      callType: r.callType as HistoryItem['callType'],
      disposition: r.disposition as HistoryItem['disposition'],
      fraudType: r.fraudType as HistoryItem['fraudType'],
      status: r.status as HistoryItem['status'],
      createdAt,
      finalisedAt: r.finalisedAt === null ? null : Number(r.finalisedAt),
      fields,
      matchedBy,
      idNumberMasked,
    };
  });
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && last ? `${Number(last.createdAt)}:${last.id}` : null, at: now };
}
