import { normalizeNumber } from '@shared/phone/normalize';
import type { CallRecord } from '@shared/schemas/call-record';
import { type CaseFields, type CaseSetFields, type Disposition } from '@shared/schemas/case';
import { finaliseErrors, type FieldErrors } from '@shared/schemas/case-finalise';
import { runAction } from './action-tx';
import type { DeskDb, LocalCase, OutboxRow } from './db';
import { KnownRows } from './known-rows';
import { enqueue, outboxRow } from './outbox';

/** A per-field patch as the case panel sends it (`case.setFields` without the id). */
export type CasePatch = Omit<CaseSetFields, 'caseId'>;

/** The key earlier contacts are found by: E.164 when the number is valid, else as received. */
export function callerKey(remoteNumber: string): string | null {
  if (remoteNumber === 'anonymous' || remoteNumber === '') return null;
  return normalizeNumber(remoteNumber).e164 ?? remoteNumber;
}

/** Call facts copied into the case so it reads on its own. */
function callFacts(record: CallRecord): CaseFields {
  const talkSeconds = record.answeredAt !== null && record.endedAt !== null ? Math.max(0, Math.round((record.endedAt - record.answeredAt) / 1000)) : undefined;
  return {
    direction: record.direction,
    dialedNumber: record.dialedNumber,
    startedAt: record.startedAt,
    answeredAt: record.answeredAt,
    endedAt: record.endedAt,
    ...(talkSeconds === undefined ? {} : { talkSeconds }),
  };
}

/** Per case, the row as this window last wrote or read it: what a patch is guessed against. */
const knownCases = new KnownRows<LocalCase>();

/** The case opened for a call, if any. */
export function caseForCall(db: DeskDb, callRecordId: string): Promise<LocalCase | undefined> {
  return db.cases.where('callRecordId').equals(callRecordId).first();
}

/**
 * Opens the draft case of an answered call (idempotent: a call has one case) and queues
 * `case.open`, in one transaction. Called after the call record is saved, so the record's
 * upsert is ahead of it in the outbox.
 */
export async function openCaseForCall(db: DeskDb, record: CallRecord, now = Date.now()): Promise<LocalCase> {
  const row: LocalCase = {
    id: crypto.randomUUID(),
    callRecordId: record.id,
    sipCallId: record.sipCallId,
    callerNumber: callerKey(record.remoteNumber),
    callType: 'unclassified',
    status: 'draft',
    disposition: null,
    fraudType: null,
    fields: callFacts(record),
    createdAt: now,
    finalisedAt: null,
    updatedAt: now,
  };
  let queued: OutboxRow;
  try {
    queued = outboxRow('case.open', { id: row.id, callRecordId: row.callRecordId, callerNumber: row.callerNumber, callType: row.callType, createdAt: row.createdAt, fields: row.fields });
  } catch (error) {
    // A call whose case is already open needs no new one, whatever its facts look like now.
    const existing = await caseForCall(db, record.id);
    if (existing) return existing;
    throw error;
  }
  const opened = await runAction(db, ['cases', 'outbox'], async (stores) => {
    // Read beside the writes (action-tx.ts): a call has no case yet nearly every time this runs.
    const reading = stores.firstBy<LocalCase>('cases', 'callRecordId', record.id);
    stores.add('cases', row);
    stores.add('outbox', queued);
    const existing = await reading;
    if (!existing) return row;
    stores.rollback();
    return existing;
  });
  knownCases.set(db, opened.id, opened);
  return opened;
}

/** Merges a patch into a case; returns null when nothing would change. */
function merged(current: LocalCase, patch: CasePatch): LocalCase | null {
  const next: LocalCase = {
    ...current,
    callType: patch.callType ?? current.callType,
    disposition: patch.disposition === undefined ? current.disposition : patch.disposition,
    fraudType: patch.fraudType === undefined ? current.fraudType : patch.fraudType,
    fields: { ...current.fields, ...patch.fields },
  };
  const same = next.callType === current.callType && next.disposition === current.disposition && next.fraudType === current.fraudType && JSON.stringify(next.fields) === JSON.stringify(current.fields);
  return same ? null : next;
}

/** Thrown when a final case is edited: the UI shows it read-only, so this is a bug guard. */
export class CaseFinalError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} is final`);
  }
}

/**
 * Applies a patch inside the action's transaction (or the Dexie transaction around it, which
 * it joins). The merged row is guessed from the case as this window last knew it and written
 * beside the read of the real one (action-tx.ts); when they differ, the row merged from the
 * real one replaces the guess in the same transaction (the queued patch is the same either way).
 */
async function patchInTx(db: DeskDb, caseId: string, patch: CasePatch, now: number): Promise<LocalCase> {
  // A patch the server's schema would refuse would block the whole outbox: never queue one
  // (checked against the shared schema here, throwing InvalidMutationError with its fields).
  const queued = outboxRow('case.setFields', { caseId, ...patch });
  const known = knownCases.get(db, caseId);
  const guess = known && known.status !== 'final' ? merged(known, patch) : null;
  if (guess) {
    guess.updatedAt = now;
    // Reserved at once, so a patch this window starts meanwhile is guessed on top of this one.
    knownCases.set(db, caseId, guess);
  }
  const outcome = await runAction(db, ['cases', 'outbox'], async (stores) => {
    const reading = stores.get<LocalCase>('cases', caseId);
    if (guess) {
      stores.put('cases', guess);
      stores.add('outbox', queued);
    }
    const current = await reading;
    const refuse = (error: Error) => {
      stores.rollback();
      return { error };
    };
    if (!current) return refuse(new Error(`no case ${caseId}`));
    if (current.status === 'final') return refuse(new CaseFinalError(caseId));
    const next = merged(current, patch);
    if (!next) {
      stores.rollback();
      return { row: current };
    }
    next.updatedAt = now;
    if (!guess) stores.add('outbox', queued);
    if (!guess || JSON.stringify(next) !== JSON.stringify(guess)) stores.put('cases', next);
    return { row: next };
  });
  if ('error' in outcome) {
    knownCases.delete(db, caseId);
    throw outcome.error;
  }
  // Unless a later patch of this window reserved its own guess meanwhile.
  const latest = knownCases.get(db, caseId);
  if (latest === undefined || latest === guess || latest === known) knownCases.set(db, caseId, outcome.row);
  return outcome.row;
}

/** Saves a per-field patch (autosave) and queues `case.setFields`, in one transaction. No-op when nothing changed. */
export function setCaseFields(db: DeskDb, caseId: string, patch: CasePatch, now = Date.now()): Promise<LocalCase> {
  return patchInTx(db, caseId, patch, now);
}

/** Keeps the case's call facts (end, talk time) in step with its call record. */
export async function syncCaseCallFacts(db: DeskDb, record: CallRecord): Promise<void> {
  await db.transaction('rw', db.cases, db.outbox, async () => {
    const found = await caseForCall(db, record.id);
    if (!found || found.status === 'final') return;
    const facts = callFacts(record);
    const changed = Object.fromEntries(Object.entries(facts).filter(([k, v]) => found.fields[k as keyof CaseFields] !== v)) as CaseFields;
    if (Object.keys(changed).length > 0) await patchInTx(db, found.id, { fields: changed }, Date.now());
  });
}

/** Outcome of a finalise attempt: the failing fields, or none. */
export type FinaliseOutcome = { ok: true; case: LocalCase } | { ok: false; errors: FieldErrors };

async function finaliseInTx(db: DeskDb, caseId: string, now: number): Promise<FinaliseOutcome> {
  const current = await db.cases.get(caseId);
  if (!current) throw new Error(`no case ${caseId}`);
  if (current.status === 'final') return { ok: true, case: current };
  const errors = finaliseErrors(current);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const next: LocalCase = { ...current, status: 'final', finalisedAt: now, updatedAt: now };
  await Promise.all([db.cases.put(next), enqueue(db, 'case.finalise', { caseId, finalisedAt: now })]);
  return { ok: true, case: next };
}

/**
 * Finalises a case with the same rules the server applies. A failing case is left as it is
 * (nothing queued) and the errors name each field.
 */
export function finaliseCase(db: DeskDb, caseId: string, now = Date.now()): Promise<FinaliseOutcome> {
  return db.transaction('rw', db.cases, db.outbox, () => finaliseInTx(db, caseId, now));
}

/** One click for a call without data (silent, wrong number, …): set the disposition and close, as one action. */
export function closeWithDisposition(db: DeskDb, caseId: string, disposition: Disposition, now = Date.now()): Promise<FinaliseOutcome> {
  return db.transaction('rw', db.cases, db.outbox, async () => {
    await patchInTx(db, caseId, { disposition, fields: {} }, now);
    return finaliseInTx(db, caseId, now);
  });
}

/** What the screen-pop shows about a number: earlier calls and cases on this workstation, newest first. */
export interface EarlierContacts {
  calls: CallRecord[];
  cases: LocalCase[];
}

/** How many recent call records the screen-pop scans (call records are not indexed by number). */
const RECENT_CALLS_SCANNED = 2000;

/** Earlier contacts from the same (normalised) number, excluding the call being shown. */
export async function earlierContacts(db: DeskDb, remoteNumber: string, excludeCallRecordId: string): Promise<EarlierContacts> {
  const key = callerKey(remoteNumber);
  if (!key) return { calls: [], cases: [] };
  const [recent, cases] = await Promise.all([
    db.callRecords.orderBy('startedAt').reverse().limit(RECENT_CALLS_SCANNED).toArray(),
    db.cases.where('callerNumber').equals(key).toArray(),
  ]);
  return {
    calls: recent.filter((r) => r.id !== excludeCallRecordId && callerKey(r.remoteNumber) === key),
    cases: cases.filter((c) => c.callRecordId !== excludeCallRecordId).sort((a, b) => b.createdAt - a.createdAt),
  };
}
