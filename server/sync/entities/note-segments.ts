import { inArray } from 'drizzle-orm';
import type { NoteSegment } from '../../../shared/schemas/call-record';
import type { Orm } from '../../db/database';
import { noteSegments } from '../../db/schema';
import type { NoteSegmentState } from '../batch-types';

/** The client-facing shape (NoteSegmentSchema) of a stored segment. */
export function toNoteSegment(row: NoteSegment): NoteSegment {
  return { id: row.id, callRecordId: row.callRecordId, index: row.index, text: row.text, createdAt: row.createdAt };
}

/** Loads the given segments in one query, keyed by id. */
export async function loadNoteSegments(orm: Orm, ids: string[]): Promise<Map<string, NoteSegmentState>> {
  const found = new Map<string, NoteSegmentState>();
  if (ids.length === 0) return found;
  const rows = await orm.select().from(noteSegments).where(inArray(noteSegments.id, ids));
  for (const row of rows) {
    found.set(row.id, { ...toNoteSegment({ ...row, index: row.idx }), authorId: row.authorId, ref: { seq: row.seq } });
  }
  return found;
}

/** Inserts new segments in one statement (segments are immutable: never updated). */
export async function insertNoteSegments(orm: Orm, rows: NoteSegmentState[]): Promise<void> {
  if (rows.length === 0) return;
  await orm.insert(noteSegments).values(
    rows.map((row) => {
      if (row.ref.seq === undefined) throw new Error(`note segment ${row.id} saved without a seq`);
      return { id: row.id, callRecordId: row.callRecordId, idx: row.index, text: row.text, createdAt: row.createdAt, authorId: row.authorId, seq: row.ref.seq };
    }),
  );
}
