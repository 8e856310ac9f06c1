import type { Transaction } from 'dexie';
import type { HostApi } from '@shared/host-api';
import type { JournalEntry } from '@shared/ipc/contract';
import { NoteSegmentSchema, type NoteSegment } from '@shared/schemas/call-record';
import { onActionAdded } from './action-tx';
import type { DeskDb } from './db';
import { chunkOf, findSegments, isStoredCopy, onSegmentsRemoved, type NoteChunk, type NoteChunkKey } from './note-chunks';
import { enqueue } from './outbox';

/**
 * The second journal (design.md §4): every note segment is also appended to the host's
 * journal (an fsync'd file in Electron) once its Dexie transaction committed, replayed into
 * IndexedDB on start if IndexedDB lost it, and trimmed once the record store acknowledged it.
 */
/** One user's journal: the host's journal with the owner bound. */
export interface UserJournal {
  append(entries: JournalEntry[]): Promise<void>;
  replay(): Promise<JournalEntry[]>;
  trim(ids: string[]): Promise<void>;
}
type Journal = UserJournal;

/**
 * The journal of `userId` only: a shared desk's next user never replays (or pushes as
 * themselves) what the previous one left unsent; it waits in its owner's journal.
 */
export function journalOf(hostJournal: HostApi['journal'], userId: string): UserJournal {
  return {
    append: (entries) => hostJournal.append(userId, entries),
    replay: () => hostJournal.replay(userId),
    trim: (ids) => hostJournal.trim(userId, ids),
  };
}

const KIND = 'noteSegment';

/** Journals each new segment after its transaction commits. Returns the detach function. */
export function attachSegmentJournal(db: DeskDb, journal: Journal): () => void {
  // Journaled on the transaction's `complete`, not the write's success: a transaction that
  // aborts later must not leave a journal entry for a segment that never existed.
  const append = (segment: NoteSegment): void => {
    const entry: JournalEntry = { id: segment.id, kind: KIND, payload: segment, at: Date.now() };
    void journal.append([entry]).catch((error: unknown) => console.error('note journal append failed', error));
  };
  // A chunk this desk creates holds its one new segment (pulled chunks are written natively,
  // unseen here). A stored copy (what a removal keeps, the server's copy of a refused segment)
  // holds nothing new: journaled, a colleague's segment would be replayed as this desk's own.
  const creating = (_key: NoteChunkKey, chunk: NoteChunk, transaction: Transaction): void => {
    if (!isStoredCopy(chunk)) transaction.on('complete', () => chunk.segments.forEach(append));
  };
  db.noteChunks.hook('creating', creating);
  // A note commit is a native transaction (action-tx.ts), which Dexie's hooks do not see.
  const detachAction = onActionAdded(db, 'noteChunks', (row) => (row as NoteChunk).segments.forEach(append));
  // Removed on purpose (a dead letter discarded, a tombstone, a re-bootstrap's sweep): never to
  // be restored as if IndexedDB had lost it.
  const detachRemoved = onSegmentsRemoved(db, (segments) => {
    void journal.trim(segments.map((segment) => segment.id)).catch((error: unknown) => console.error('note journal trim failed', error));
  });
  return () => {
    db.noteChunks.hook('creating').unsubscribe(creating);
    detachAction();
    detachRemoved();
  };
}

/** Ids of segments whose `noteSegment.append` still waits in the outbox. */
async function pendingSegmentIds(db: DeskDb): Promise<Set<string>> {
  const rows = await db.outbox.toArray();
  return new Set(rows.flatMap((r) => (r.mutation.name === 'noteSegment.append' ? [r.mutation.args.id] : [])));
}

/**
 * Puts back every journaled segment IndexedDB no longer has (a wiped or corrupted
 * profile), each with a fresh mutation: the record store recognises a re-sent identical
 * segment, so nothing is doubled. Returns how many were restored.
 */
export async function replaySegmentJournal(db: DeskDb, journal: Journal): Promise<number> {
  const entries = (await journal.replay()).filter((e) => e.kind === KIND);
  let restored = 0;
  for (const entry of entries) {
    const parsed = NoteSegmentSchema.safeParse(entry.payload);
    if (!parsed.success) continue;
    const segment = parsed.data;
    await db.transaction('rw', db.noteChunks, db.outbox, async () => {
      if ((await findSegments(db, [segment])).has(segment.id)) return;
      await db.noteChunks.add(chunkOf([segment]));
      await enqueue(db, 'noteSegment.append', segment);
      restored++;
    });
  }
  return restored;
}

/** Drops journal entries the record store has acknowledged (stored locally, nothing pending). */
export async function trimAcknowledged(db: DeskDb, journal: Journal): Promise<number> {
  const entries = (await journal.replay()).filter((e) => e.kind === KIND);
  if (entries.length === 0) return 0;
  const pending = await pendingSegmentIds(db);
  const refs = entries.flatMap((e) => {
    const parsed = NoteSegmentSchema.safeParse(e.payload);
    return parsed.success ? [parsed.data] : [];
  });
  const stored = new Set((await db.transaction('r', db.noteChunks, () => findSegments(db, refs))).keys());
  const done = entries.map((e) => e.id).filter((id) => stored.has(id) && !pending.has(id));
  if (done.length > 0) await journal.trim(done);
  return done.length;
}
