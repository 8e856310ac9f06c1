import type { CallRecord, NoteSegment } from '@shared/schemas/call-record';
import { runAction } from './action-tx';
import type { DeskDb, LocalCallRecord, NoteDraft } from './db';
import { outboxRow } from './outbox';

/** The call facts worth logging; anything else on a live call (e.g. SIP progress) is not stored. */
function sameFacts(a: CallRecord, b: CallRecord): boolean {
  return a.answeredAt === b.answeredAt && a.endedAt === b.endedAt && a.endReason === b.endReason && a.remoteNumber === b.remoteNumber;
}

/**
 * Creates or updates a call record and queues its mutation, in one transaction. No-op when
 * nothing changed. `agentId` (the signed-in user) is kept locally only: the record store
 * takes the pusher as the agent.
 */
export async function saveCallRecord(db: DeskDb, record: CallRecord, agentId?: string): Promise<void> {
  await runAction(db, ['callRecords', 'outbox'], async (stores) => {
    const existing = await stores.get<LocalCallRecord>('callRecords', record.id);
    if (existing && sameFacts(existing, record)) return;
    // Checked before anything is written: a refused mutation leaves the record as it was.
    const queued = outboxRow('callRecord.upsert', record);
    const owner = agentId ?? existing?.agentId;
    stores.put('callRecords', owner === undefined ? record : { ...record, agentId: owner });
    stores.add('outbox', queued);
  });
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
  return runAction(db, ['noteDrafts', 'noteSegments', 'outbox'], async (stores) => {
    // The reads together, then the writes together: each awaited request is a round trip to the IndexedDB backend.
    const [last, draft] = await Promise.all([
      stores.lastBetween<NoteSegment>('noteSegments', '[callRecordId+index]', [callRecordId, -Infinity], [callRecordId, Infinity]),
      stores.get<NoteDraft>('noteDrafts', callRecordId),
    ]);
    const segment: NoteSegment = {
      id: crypto.randomUUID(),
      callRecordId,
      index: last ? last.index + 1 : 0,
      text,
      createdAt: Date.now(),
    };
    const queued = outboxRow('noteSegment.append', segment);
    stores.add('noteSegments', segment);
    stores.add('outbox', queued);
    if (draft && (draft.updatedAt <= committedAt || text.startsWith(draft.text))) stores.delete('noteDrafts', callRecordId);
    return segment;
  });
}

/** Commits the stored draft as a segment (recovery after a restart). Null when there is none. */
export async function commitNoteDraft(db: DeskDb, callRecordId: string): Promise<NoteSegment | null> {
  const draft = await db.noteDrafts.get(callRecordId);
  return draft ? commitNoteText(db, callRecordId, draft.text, draft.updatedAt) : null;
}

/** A call's note: committed segments in order and the current draft. */
export async function loadNote(db: DeskDb, callRecordId: string): Promise<{ segments: NoteSegment[]; draft: string }> {
  const [segments, draft] = await Promise.all([
    db.noteSegments.where('[callRecordId+index]').between([callRecordId, -Infinity], [callRecordId, Infinity]).toArray(),
    db.noteDrafts.get(callRecordId),
  ]);
  return { segments, draft: draft?.text ?? '' };
}
