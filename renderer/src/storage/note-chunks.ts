import Dexie from 'dexie';
import type { NoteSegment } from '@shared/schemas/call-record';
import type { DeskDb } from './db';

/**
 * A call's note segments as stored locally: one or more segments of one call in one row, keyed
 * by the call and the chunk's last segment (`[callRecordId, lastIndex, lastId]`). A segment
 * this desk writes is a chunk of its own; a pulled page writes each call's segments on it as
 * one chunk. The 50,000-record initial pull spent most of its IndexedDB time per row, not per
 * byte: two segments per call in one row cut its ingest by about a third.
 *
 * Rules that keep every word:
 * - a chunk always holds the segment it is keyed by, so a chunk is only ever replaced by one
 *   that holds that segment too (a pulled chunk ending with this desk's own segment);
 * - a segment may sit in more than one chunk (this desk's own chunk, and the pulled chunk that
 *   brought it back): readers merge by segment id (`segmentsOf`);
 * - the last key of a call's range names its highest index, so a new segment's index is found
 *   from keys alone, without reading a row.
 */
export interface NoteChunk {
  callRecordId: string;
  lastIndex: number;
  lastId: string;
  /** In note order (index, then id); never empty. */
  segments: NoteSegment[];
}

/** The primary key of a chunk: Dexie's compound key path. */
export type NoteChunkKey = [callRecordId: string, lastIndex: number, lastId: string];

/** Note order: by index, then by id (two segments may share an index when two windows wrote at once). */
export function bySegmentOrder(a: NoteSegment, b: NoteSegment): number {
  return a.index - b.index || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The chunk holding `segments` (of one call, at least one), keyed by the last in note order. */
export function chunkOf(segments: NoteSegment[]): NoteChunk {
  const sorted = [...segments].sort(bySegmentOrder);
  const last = sorted[sorted.length - 1]!;
  return { callRecordId: last.callRecordId, lastIndex: last.index, lastId: last.id, segments: sorted };
}

/** One chunk per call for `segments` (of any calls), as a pulled page or an upgrade stores them. */
export function chunksByCall(segments: Iterable<NoteSegment>): NoteChunk[] {
  const byCall = new Map<string, NoteSegment[]>();
  for (const segment of segments) {
    const group = byCall.get(segment.callRecordId);
    if (group) group.push(segment);
    else byCall.set(segment.callRecordId, [segment]);
  }
  return [...byCall.values()].map(chunkOf);
}

/** The key of the chunk a segment written by this desk sits in (its own). */
export function ownChunkKey(segment: Pick<NoteSegment, 'callRecordId' | 'index' | 'id'>): NoteChunkKey {
  return [segment.callRecordId, segment.index, segment.id];
}

export function chunkKey(chunk: NoteChunk): NoteChunkKey {
  return [chunk.callRecordId, chunk.lastIndex, chunk.lastId];
}

/** Bounds of every chunk of a call, for `where(':id').between(lower, upper)`. */
export function callBounds(callRecordId: string): [lower: [string, number], upper: [string, number]] {
  return [
    [callRecordId, -Infinity],
    [callRecordId, Infinity],
  ];
}

/** The segments of some chunks, each once, in note order. */
export function segmentsOf(chunks: Iterable<NoteChunk>): NoteSegment[] {
  const byId = new Map<string, NoteSegment>();
  for (const chunk of chunks) for (const segment of chunk.segments) byId.set(segment.id, segment);
  return [...byId.values()].sort(bySegmentOrder);
}

/** A call's committed segments in note order. Must run where `db.noteChunks` is readable. */
export async function loadSegments(db: DeskDb, callRecordId: string): Promise<NoteSegment[]> {
  const [lower, upper] = callBounds(callRecordId);
  return segmentsOf(await db.noteChunks.where(':id').between(lower, upper, true, true).toArray());
}

/**
 * The stored segments among `wanted` (by id), each looked for in its own chunk first and, when
 * that is gone (replaced by a pulled one keyed by a later segment), among its call's chunks.
 */
export async function findSegments(db: DeskDb, wanted: Array<Pick<NoteSegment, 'callRecordId' | 'index' | 'id'>>): Promise<Map<string, NoteSegment>> {
  const found = new Map<string, NoteSegment>();
  if (wanted.length === 0) return found;
  const own = await db.noteChunks.bulkGet(wanted.map(ownChunkKey));
  const missing = new Set<string>();
  wanted.forEach((ref, i) => {
    const segment = own[i]?.segments.find((s) => s.id === ref.id);
    if (segment) found.set(ref.id, segment);
    else missing.add(ref.callRecordId);
  });
  const ids = new Set(wanted.map((ref) => ref.id));
  for (const callRecordId of missing) for (const segment of await loadSegments(db, callRecordId)) if (ids.has(segment.id)) found.set(segment.id, segment);
  return found;
}

/** Chunks written with segments that already existed (what a removal keeps, the server's copy): no new words of this desk. */
const storedCopies = new WeakSet<NoteChunk>();

/**
 * Marks `chunk` as holding segments that are not new (see `isStoredCopy`) and returns it. For
 * writes through Dexie, whose `creating` hook sees this very object.
 */
export function asStoredCopy(chunk: NoteChunk): NoteChunk {
  storedCopies.add(chunk);
  return chunk;
}

/** Whether a chunk being created only stores segments again (the note journal records new ones only). */
export function isStoredCopy(chunk: NoteChunk): boolean {
  return storedCopies.has(chunk);
}

type RemovedListener = (segments: NoteSegment[]) => void;
const removedListeners = new WeakMap<DeskDb, Set<RemovedListener>>();

/**
 * Calls `listener` with the segments `removeSegments` took out, once the transaction that
 * removed them committed (IndexedDB's own `complete`, so never for one that aborted, even when
 * the removal joined a caller's transaction). Returns the unsubscribe function.
 */
export function onSegmentsRemoved(db: DeskDb, listener: RemovedListener): () => void {
  const set = removedListeners.get(db) ?? new Set<RemovedListener>();
  removedListeners.set(db, set);
  set.add(listener);
  return () => void set.delete(listener);
}

/**
 * Removes the segments `drop` picks from the chunks that hold them (all chunks, or those of
 * `callRecordId`). A call that lost any is stored again as one chunk of what remains (none when
 * nothing does): a chunk re-keyed by its new last segment could otherwise replace another chunk
 * keyed by that segment and lose what only that one held. The chunks are read one by one (a
 * re-bootstrap's sweep reads every note on the desk, and must not hold them all at once); only
 * the calls that lose a segment are read again whole. Must run inside a Dexie transaction over
 * `noteChunks`. Returns how many segments were removed; `onSegmentsRemoved` hears which.
 */
export async function removeSegments(db: DeskDb, drop: (segment: NoteSegment) => boolean, callRecordId?: string): Promise<number> {
  const chunksOfCall = (call: string) => db.noteChunks.where(':id').between(...callBounds(call), true, true);
  const affected = new Set<string>();
  await (callRecordId === undefined ? db.noteChunks.toCollection() : chunksOfCall(callRecordId)).each((chunk) => {
    if (chunk.segments.some(drop)) affected.add(chunk.callRecordId);
  });
  const removed: NoteSegment[] = [];
  for (const call of affected) {
    const chunks = await chunksOfCall(call).toArray();
    const kept: NoteSegment[] = [];
    for (const segment of segmentsOf(chunks)) (drop(segment) ? removed : kept).push(segment);
    await db.noteChunks.bulkDelete(chunks.map(chunkKey));
    if (kept.length > 0) await db.noteChunks.put(asStoredCopy(chunkOf(kept)));
  }
  const listeners = removedListeners.get(db);
  const trans = Dexie.currentTransaction?.idbtrans;
  if (removed.length > 0 && listeners && listeners.size > 0 && trans) {
    trans.addEventListener('complete', () => listeners.forEach((listener) => listener(removed)));
  }
  return removed.length;
}
