import type { NoteSegment } from '../../../shared/schemas/call-record';
import type { DeskDb } from '../../../renderer/src/storage/db';
import { chunkOf, loadSegments, segmentsOf } from '../../../renderer/src/storage/note-chunks';

/**
 * Tests read and plant note segments as segments, whatever chunks hold them locally
 * (note-chunks.ts): every stored segment once, in note order.
 */
export async function allSegments(db: DeskDb): Promise<NoteSegment[]> {
  return segmentsOf(await db.noteChunks.toArray());
}

/** One call's stored segments, in note order. */
export function segmentsOfCall(db: DeskDb, callRecordId: string): Promise<NoteSegment[]> {
  return loadSegments(db, callRecordId);
}

/** The stored segment with this id, if any. */
export async function segmentById(db: DeskDb, id: string): Promise<NoteSegment | undefined> {
  return (await allSegments(db)).find((segment) => segment.id === id);
}

/** Stores a segment as another writer would (a window, or a pulled page): in its own chunk. */
export async function plantSegment(db: DeskDb, segment: NoteSegment): Promise<void> {
  await db.noteChunks.put(chunkOf([segment]));
}
