import Dexie from 'dexie';
import { normalizeNumber } from '@shared/phone/normalize';
import { isFullNumber, numberSpellings } from '@shared/phone/number-spellings';
import type { CallDirection } from '@shared/schemas/call-record';
import type { CaseCallType, CaseFields, Disposition } from '@shared/schemas/case';
import { caseNumberOf, idPrefixOf, parseCaseNumber } from '@shared/schemas/case-number';
import type { HistoryItem, HistorySearchQuery } from '@shared/schemas/history';
import type { FraudType } from '@shared/schemas/template';
import type { DeskDb, LocalCallRecord, LocalCase } from './db';

/** One row of the history results: a case, or a call that has no case (missed, not logged). */
export interface HistoryRow {
  /** Unique in a result list: the case id, or `call:<call record id>`. */
  key: string;
  caseId: string | null;
  caseNumber: string | null;
  callRecordId: string | null;
  number: string | null;
  direction: CallDirection | null;
  /** Case creation, or call start for a call without a case. */
  at: number;
  callType: CaseCallType | null;
  disposition: Disposition | null;
  fraudType: FraudType | null;
  status: 'draft' | 'final' | null;
  /** Why a call without a case ended (missed, rejected…). */
  endReason: string | null;
  fields: CaseFields;
  /** Where it was found: this workstation, the record store only, or both. */
  origin: 'local' | 'server' | 'both';
  idNumberMasked: string | null;
}

/** Most local rows one search returns. */
export const LOCAL_HISTORY_LIMIT = 200;
/** How many recent call records are scanned for calls without a case (call records have no number index). */
const RECENT_CALLS_SCANNED = 2000;

export interface LocalHistoryResult {
  rows: HistoryRow[];
  /** The search needs the record store: local records carry no resident ID numbers. */
  needsServer: boolean;
}

/** The key cases are stored under: E.164 when valid, else as received (case-repository `callerKey`). */
const storedKey = (remote: string): string => {
  const compact = remote.replace(/[\s\-()]/g, '');
  return normalizeNumber(compact).e164 ?? compact;
};

/** Whether a stored number matches the typed one: any spelling of a full number, else the tail. */
function numberMatcher(typed: string): (stored: string | null) => boolean {
  if (isFullNumber(typed)) {
    const spellings = new Set(numberSpellings(typed));
    return (stored) => stored !== null && spellings.has(stored);
  }
  const tail = typed.replace(/^\+/, '');
  return (stored) => stored !== null && stored.endsWith(tail);
}

function caseRow(c: LocalCase): HistoryRow {
  return {
    key: c.id,
    caseId: c.id,
    caseNumber: caseNumberOf(c),
    callRecordId: c.callRecordId,
    number: c.callerNumber,
    direction: c.fields.direction ?? null,
    at: c.createdAt,
    callType: c.callType,
    disposition: c.disposition,
    fraudType: c.fraudType,
    status: c.status,
    endReason: null,
    fields: c.fields,
    origin: 'local',
    idNumberMasked: null,
  };
}

function callRow(r: LocalCallRecord): HistoryRow {
  return {
    key: `call:${r.id}`,
    caseId: null,
    caseNumber: null,
    callRecordId: r.id,
    number: r.remoteNumber,
    direction: r.direction,
    at: r.startedAt,
    callType: null,
    disposition: null,
    fraudType: null,
    status: null,
    endReason: r.endReason,
    fields: {},
    origin: 'local',
    idNumberMasked: null,
  };
}

/** Cases for the query, each read through the most selective index it has. */
async function matchingCases(db: DeskDb, q: HistorySearchQuery): Promise<LocalCase[]> {
  const from = q.from ?? 0;
  const to = q.to ?? Dexie.maxKey;
  const parsed = q.caseNumber ? parseCaseNumber(q.caseNumber) : null;
  const matchesNumber = q.number ? numberMatcher(q.number) : () => true;
  const keep = (c: LocalCase) =>
    c.createdAt >= from && (q.to === undefined || c.createdAt < q.to) && matchesNumber(c.callerNumber) && (!parsed || (idPrefixOf(c.id) === parsed.idPrefix && c.createdAt >= parsed.from && c.createdAt < parsed.to));
  let found: LocalCase[];
  if (parsed) found = await db.cases.where('createdAt').between(parsed.from, parsed.to, true, false).toArray();
  else if (q.number && isFullNumber(q.number)) found = await db.cases.where('callerNumber').anyOf(numberSpellings(q.number)).toArray();
  else if (q.number) {
    // A tail: walk the callerNumber index's distinct keys (never the rows), then fetch the matches.
    const tail = q.number.replace(/^\+/, '');
    const keys = (await db.cases.orderBy('callerNumber').uniqueKeys()).map(String).filter((k) => k.endsWith(tail));
    found = keys.length === 0 ? [] : await db.cases.where('callerNumber').anyOf(keys).toArray();
  } else found = await db.cases.where('createdAt').between(from, to, true, false).reverse().limit(LOCAL_HISTORY_LIMIT).toArray();
  return found.filter(keep);
}

/** Calls without a case that match the query (case numbers belong to cases only). */
async function matchingCallsWithoutCase(db: DeskDb, q: HistorySearchQuery): Promise<LocalCallRecord[]> {
  if (q.caseNumber) return [];
  const from = q.from ?? 0;
  const inRange = (r: LocalCallRecord) => r.startedAt >= from && (q.to === undefined || r.startedAt < q.to);
  let calls: LocalCallRecord[];
  if (q.number) {
    const matches = numberMatcher(q.number);
    const recent = await db.callRecords.orderBy('startedAt').reverse().limit(RECENT_CALLS_SCANNED).toArray();
    calls = recent.filter((r) => inRange(r) && (matches(storedKey(r.remoteNumber)) || matches(r.remoteNumber.replace(/[\s\-()]/g, ''))));
  } else {
    calls = await db.callRecords
      .where('startedAt')
      .between(from, q.to ?? Dexie.maxKey, true, false)
      .reverse()
      .limit(LOCAL_HISTORY_LIMIT)
      .toArray();
  }
  if (calls.length === 0) return [];
  const withCase = new Set((await db.cases.where('callRecordId').anyOf(calls.map((c) => c.id)).toArray()).map((c) => c.callRecordId));
  return calls.filter((c) => !withCase.has(c.id));
}

/**
 * The history search on this workstation's own records: cases by the callerNumber and
 * createdAt indexes, plus recent calls that never got a case. Newest first.
 */
export async function searchLocalHistory(db: DeskDb, q: HistorySearchQuery, limit = LOCAL_HISTORY_LIMIT): Promise<LocalHistoryResult> {
  if (q.idNumber) return { rows: [], needsServer: true };
  const [found, calls] = await Promise.all([matchingCases(db, q), matchingCallsWithoutCase(db, q)]);
  const rows = [...found.map(caseRow), ...calls.map(callRow)].sort((a, b) => b.at - a.at).slice(0, limit);
  return { rows, needsServer: false };
}

/** A record store row as a history row. */
export function serverRow(item: HistoryItem): HistoryRow {
  return {
    key: item.caseId,
    caseId: item.caseId,
    caseNumber: item.caseNumber,
    callRecordId: item.callRecordId,
    number: item.callerNumber,
    direction: item.direction,
    at: item.createdAt,
    callType: item.callType,
    disposition: item.disposition,
    fraudType: item.fraudType,
    status: item.status,
    endReason: null,
    fields: item.fields,
    origin: 'server',
    idNumberMasked: item.idNumberMasked,
  };
}

/**
 * Local rows merged with the record store's: a case found on both keeps the local copy (it
 * may hold edits not yet pushed) marked `both`; server-only rows are marked `server`.
 */
export function mergeHistory(local: HistoryRow[], server: HistoryItem[]): HistoryRow[] {
  const byKey = new Map(local.map((r) => [r.key, r]));
  for (const item of server) {
    const mine = byKey.get(item.caseId);
    byKey.set(item.caseId, mine ? { ...mine, origin: 'both', idNumberMasked: item.idNumberMasked ?? mine.idNumberMasked } : serverRow(item));
  }
  return [...byKey.values()].sort((a, b) => b.at - a.at || a.key.localeCompare(b.key));
}
