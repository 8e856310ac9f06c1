import type { CallRecord, NoteSegment } from '@shared/schemas/call-record';
import type { DeskDb } from './db';
import { enqueue } from './outbox';

/** The call facts worth logging; anything else on a live call (e.g. SIP progress) is not stored. */
function sameFacts(a: CallRecord, b: CallRecord): boolean {
  return a.answeredAt === b.answeredAt && a.endedAt === b.endedAt && a.endReason === b.endReason && a.remoteNumber === b.remoteNumber;
}

/** Creates or updates a call record and queues its mutation, in one transaction. No-op when nothing changed. */
export async function saveCallRecord(db: DeskDb, record: CallRecord): Promise<void> {
  await db.transaction('rw', db.callRecords, db.outbox, async () => {
    const existing = await db.callRecords.get(record.id);
    if (existing && sameFacts(existing, record)) return;
    await db.callRecords.put(record);
    await enqueue(db, 'callRecord.upsert', record);
  });
}

/** Saves the note draft (called on every debounce tick, so it must stay cheap). */
export async function saveNoteDraft(db: DeskDb, callRecordId: string, text: string): Promise<void> {
  await db.noteDrafts.put({ callRecordId, text, updatedAt: Date.now() });
}

/**
 * Turns `text` (what the person saw when they committed) into an immutable note segment and
 * queues it, in one transaction. The stored draft is removed only when the committed text
 * covers it (the draft is a prefix of it, i.e. an older save of the same words); a draft
 * saved from typing that went on after the commit is newer and stays.
 * Returns the new segment, or null for blank text.
 */
export async function commitNoteText(db: DeskDb, callRecordId: string, text: string): Promise<NoteSegment | null> {
  if (text.trim() === '') return null;
  return db.transaction('rw', db.noteDrafts, db.noteSegments, db.outbox, async () => {
    const last = await db.noteSegments.where('[callRecordId+index]').between([callRecordId, -Infinity], [callRecordId, Infinity]).last();
    const segment: NoteSegment = {
      id: crypto.randomUUID(),
      callRecordId,
      index: last ? last.index + 1 : 0,
      text,
      createdAt: Date.now(),
    };
    await db.noteSegments.add(segment);
    await enqueue(db, 'noteSegment.append', segment);
    const draft = await db.noteDrafts.get(callRecordId);
    if (draft && text.startsWith(draft.text)) await db.noteDrafts.delete(callRecordId);
    return segment;
  });
}

/** Commits the stored draft as a segment (recovery after a restart). Null when there is none. */
export async function commitNoteDraft(db: DeskDb, callRecordId: string): Promise<NoteSegment | null> {
  const draft = await db.noteDrafts.get(callRecordId);
  return draft ? commitNoteText(db, callRecordId, draft.text) : null;
}

/** A call's note: committed segments in order and the current draft. */
export async function loadNote(db: DeskDb, callRecordId: string): Promise<{ segments: NoteSegment[]; draft: string }> {
  const [segments, draft] = await Promise.all([
    db.noteSegments.where('[callRecordId+index]').between([callRecordId, -Infinity], [callRecordId, Infinity]).toArray(),
    db.noteDrafts.get(callRecordId),
  ]);
  return { segments, draft: draft?.text ?? '' };
}
