import { sql } from 'drizzle-orm';
import { anyUuid } from '../../db/any-of';
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
  const rows = await orm.select().from(noteSegments).where(anyUuid(noteSegments.id, ids));
  for (const row of rows) {
    found.set(row.id, { ...toNoteSegment({ ...row, index: row.idx }), authorId: row.authorId, ref: { seq: row.seq } });
  }
  return found;
}

/**
 * Inserts new segments in one statement (segments are immutable: never updated), the rows
 * passed as one JSON parameter: far cheaper to build and parse than a VALUES list with a
 * parameter per cell (issue 18's push profile).
 */
export async function insertNoteSegments(orm: Orm, rows: NoteSegmentState[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((row) => {
      if (row.ref.seq === undefined) throw new Error(`note segment ${row.id} saved without a seq`);
      return { i: row.id, c: row.callRecordId, x: row.index, t: row.text, at: row.createdAt, a: row.authorId, s: row.ref.seq };
    }),
  );
  await orm.execute(sql`INSERT INTO note_segments (id, call_record_id, idx, text, created_at, author_id, seq)
    SELECT (e->>'i')::uuid, (e->>'c')::uuid, (e->>'x')::int, e->>'t', (e->>'at')::bigint, (e->>'a')::uuid, (e->>'s')::bigint FROM jsonb_array_elements(${json}::jsonb) AS e`);
}
