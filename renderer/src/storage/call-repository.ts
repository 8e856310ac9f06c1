import Dexie from 'dexie';
import type { CallRecord, NoteSegment } from '@shared/schemas/call-record';
import { runAction } from './action-tx';
import type { DeskDb, LocalCallRecord, NoteDraft } from './db';
import { KnownRows } from './known-rows';
import { callBounds, chunkOf, loadSegments, type NoteChunkKey } from './note-chunks';
import { outboxRow, segmentOutboxRow } from './outbox';

/** Per call, the last note segment this window committed or reserved: the next one's guess. */
const lastSegment = new KnownRows<{ index: number; id: string }>();

/** The call facts worth logging; anything else on a live call (e.g. SIP progress) is not stored. */
function sameFacts(a: CallRecord, b: CallRecord): boolean {
  return a.answeredAt === b.answeredAt && a.endedAt === b.endedAt && a.endReason === b.endReason && a.remoteNumber === b.remoteNumber;
}

/** Per call, the record as this window last saved it: the next save's guess (see `saveCallRecord`). */
const knownCalls = new KnownRows<LocalCallRecord>();

/** IndexedDB's answer to an `add` whose key is taken (a native request's DOMException, or Dexie's wrapper). */
function isKeyTaken(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConstraintError';
}

/**
 * Creates or updates a call record and queues its mutation, in one transaction. No-op when
 * nothing changed. `agentId` (the signed-in user) is kept locally only: the record store
 * takes the pusher as the agent.
 *
 * A save that needs nothing it would have to read commits at once, without waiting for a
 * read to come back (a round trip per action, about a third of a bare action's time):
 * - the first save this window makes of a call is an `add`, which IndexedDB itself refuses
 *   when the record exists (then it is saved again the careful way);
 * - a later save that names the agent and has other facts than this window saved last writes
 *   the whole record, as it would anyway. A save whose facts someone else had already stored
 *   queues one mutation more, which the record store reports as unchanged.
 * Unchanged facts, a save that leaves the agent to the stored row, and saves inside a caller's
 * Dexie transaction read before they write.
 */
export async function saveCallRecord(db: DeskDb, record: CallRecord, agentId?: string): Promise<void> {
  // Checked before anything is written: a refused mutation leaves the record as it was.
  const queued = outboxRow('callRecord.upsert', record);
  const row: LocalCallRecord = agentId === undefined ? record : { ...record, agentId };
  const known = knownCalls.get(db, record.id);
  if (!Dexie.currentTransaction && (!known || (agentId !== undefined && !sameFacts(known, record)))) {
    try {
      await runAction(db, ['callRecords', 'outbox'], async (stores) => {
        if (known) stores.put('callRecords', row);
        else stores.add('callRecords', row);
        stores.add('outbox', queued);
      });
      knownCalls.set(db, record.id, row);
      return;
    } catch (error) {
      if (known || !isKeyTaken(error)) throw error;
      // Saved before by another window or before a restart: the careful way below.
    }
  }
  const saved = await runAction(db, ['callRecords', 'outbox'], async (stores) => {
    // Read beside the writes, not before them (action-tx.ts): the writes assume a change.
    const reading = stores.get<LocalCallRecord>('callRecords', record.id);
    stores.put('callRecords', row);
    stores.add('outbox', queued);
    const existing = await reading;
    if (existing && sameFacts(existing, record)) {
      stores.rollback();
      return existing;
    }
    if (agentId === undefined && existing?.agentId !== undefined) {
      const kept = { ...record, agentId: existing.agentId };
      stores.put('callRecords', kept);
      return kept;
    }
    return row;
  });
  knownCalls.set(db, record.id, saved);
}

/**
 * Saves the note draft (called on every debounce tick, so it must stay cheap). `typedAt` is
 * when the words were on screen (not when the write lands), so a commit can tell an older
 * save from typing that went on after it.
 */
export async function saveNoteDraft(db: DeskDb, callRecordId: string, text: string, typedAt = Date.now()): Promise<void> {
  await db.noteDrafts.put({ callRecordId, text, updatedAt: typedAt });
}

/**
 * Turns `text` (what the person saw when they committed, at `committedAt`) into an immutable
 * note segment and queues it, in one transaction. The stored draft is removed when it is not
 * newer than the commit: any save of words typed up to the commit is superseded by it, even
 * when those words were then edited or replaced (an IME turning pinyin into characters, a
 * correction) rather than appended to. A draft saved from typing that went on after the
 * commit is newer and stays. A prefix of the committed text is always covered.
 * Returns the new segment, or null for blank text.
 */
export async function commitNoteText(db: DeskDb, callRecordId: string, text: string, committedAt = Date.now()): Promise<NoteSegment | null> {
  if (text.trim() === '') return null;
  const id = crypto.randomUUID();
  // Checked once, before any transaction (the index and time do not change the verdict): a
  // refused note changes nothing, and each try queues this row with its own segment.
  const checked = outboxRow('noteSegment.append', { id, callRecordId, index: 0, text, createdAt: committedAt });
  // The index is guessed (after the segment this window committed or reserved last for the call,
  // else the first) and the segment written beside the read that checks it (action-tx.ts): the
  // keys from the guessed last segment on must be that segment alone (none at all for a first
  // one), a key-only read without a cursor. A wrong guess is rolled back and the second try reads
  // the last index first and writes after, which cannot be wrong.
  const known = lastSegment.get(db, callRecordId);
  for (let attempt = 0; ; attempt++) {
    const guessing = attempt === 0;
    const guess = known ? known.index + 1 : 0;
    // Reserved at once, so a commit this window starts meanwhile guesses the index after it.
    if (guessing) lastSegment.set(db, callRecordId, { index: guess, id });
    const outcome = await runAction(db, ['noteDrafts', 'noteChunks', 'outbox'], async (stores): Promise<{ segment: NoteSegment } | 'stale'> => {
      // The reads are under way before the writes; awaited one after the other, they still cost one round trip.
      // A call's chunks are a range of the primary key, each keyed by its last segment (note-chunks.ts).
      const [lower, upper] = callBounds(callRecordId);
      const from: unknown[] = known ? [callRecordId, known.index] : lower;
      const readingFrom = guessing ? stores.firstPrimaryKeys('noteChunks', ':id', from, upper, 2) : null;
      const readingLast = guessing ? null : stores.lastKeyBetween('noteChunks', ':id', lower, upper);
      const readingDraft = stores.get<NoteDraft>('noteDrafts', callRecordId);
      const write = (index: number): NoteSegment => {
        const segment: NoteSegment = { id, callRecordId, index, text, createdAt: Date.now() };
        stores.add('noteChunks', chunkOf([segment]));
        stores.add('outbox', segmentOutboxRow(checked, segment));
        return segment;
      };
      let segment: NoteSegment;
      if (readingFrom) {
        segment = write(guess);
        const keys = (await readingFrom) as NoteChunkKey[];
        if (keys.length !== (known ? 1 : 0) || (known && (keys[0]![1] !== known.index || keys[0]![2] !== known.id))) {
          stores.rollback();
          return 'stale';
        }
      } else {
        const lastKey = (await readingLast) as NoteChunkKey | undefined;
        segment = write(lastKey ? lastKey[1] + 1 : 0);
      }
      const draft = await readingDraft;
      // Deleted only when there is one to delete: IndexedDB deletes by key range, and a delete that
      // finds nothing still cost about 0.1 ms (a third of a bare action). Typing that went on after
      // the commit is newer than it: that draft stays.
      if (draft && (draft.updatedAt <= committedAt || text.startsWith(draft.text))) stores.delete('noteDrafts', callRecordId);
      return { segment };
    });
    if (outcome !== 'stale') {
      // Kept at the highest index known: a later reservation of this window stays.
      const latest = lastSegment.get(db, callRecordId);
      if (!latest || latest.id === id || latest.index < outcome.segment.index) lastSegment.set(db, callRecordId, { index: outcome.segment.index, id });
      return outcome.segment;
    }
  }
}

/** Commits the stored draft as a segment (recovery after a restart). Null when there is none. */
export async function commitNoteDraft(db: DeskDb, callRecordId: string): Promise<NoteSegment | null> {
  const draft = await db.noteDrafts.get(callRecordId);
  return draft ? commitNoteText(db, callRecordId, draft.text, draft.updatedAt) : null;
}

/** A call's note: committed segments in order and the current draft. */
export async function loadNote(db: DeskDb, callRecordId: string): Promise<{ segments: NoteSegment[]; draft: string }> {
  const [segments, draft] = await Promise.all([loadSegments(db, callRecordId), db.noteDrafts.get(callRecordId)]);
  return { segments, draft: draft?.text ?? '' };
}
