import Dexie, { type IndexableType } from 'dexie';
import { CallRecordSchema, NoteSegmentSchema, type NoteSegment } from '@shared/schemas/call-record';
import { CaseSchema, type Case } from '@shared/schemas/case';
import { FollowUpSchema } from '@shared/schemas/follow-up';
import type { Change } from '@shared/sync/protocol';
import type { DeskDb, LocalCallRecord, LocalCase, LocalFollowUp } from './db';
import { chunkKey, chunksByCall, removeSegments } from './note-chunks';

/** One parsed server change: a row to put, or null for a tombstone. Segments (`noteSegments`) are stored in note chunks (`flushSegments`). */
export type Parsed =
  | { table: 'callRecords'; id: string; row: LocalCallRecord | null }
  | { table: 'noteSegments'; id: string; row: NoteSegment | null }
  | { table: 'cases'; id: string; row: Case | null }
  | { table: 'followUps'; id: string; row: LocalFollowUp | null };

/**
 * Reads one change; null when this build does not keep it locally or the schema refuses it
 * (garbage is never stored). Deliberately not kept: `agentStatus` (the supervisor view reads
 * colleagues' states from the server, and this database has no table for them) and
 * `warningInstruction` (the warnings tab reads them from the server). Their changes still
 * advance the cursor; entities this build does not know are skipped too, so a newer server
 * cannot break an older client.
 */
function parse(change: Change, now: number): Parsed | null {
  const { entity, id, data } = change;
  if (entity === 'callRecord') {
    if (data === null) return { table: 'callRecords', id, row: null };
    const record = CallRecordSchema.safeParse(data);
    if (!record.success) return null;
    // Who logged it, when the record store says (the shared schema leaves it out of mutations).
    const agentId = (data as { agentId?: unknown }).agentId;
    return { table: 'callRecords', id, row: typeof agentId === 'string' ? { ...record.data, agentId } : record.data };
  }
  if (entity === 'noteSegment') {
    if (data === null) return { table: 'noteSegments', id, row: null };
    const segment = NoteSegmentSchema.safeParse(data);
    return segment.success ? { table: 'noteSegments', id, row: segment.data } : null;
  }
  if (entity === 'case') {
    if (data === null) return { table: 'cases', id, row: null };
    const pulled = CaseSchema.safeParse(data);
    return pulled.success ? { table: 'cases', id, row: pulled.data } : null;
  }
  if (entity === 'followUp') {
    // A tombstone: the follow-up was deleted (here or by a colleague).
    if (data === null) return { table: 'followUps', id, row: null };
    const pulled = FollowUpSchema.safeParse(data);
    return pulled.success ? { table: 'followUps', id, row: { ...pulled.data, updatedAt: now } } : null;
  }
  return null;
}

/** What a table looks like after the page: `id → row`, null for deleted. */
type Overlay<T> = Map<string, T | null>;

/** Per table, the keys a page wrote: what `announceCommitted` tells the screens once it committed. */
export type TouchedKeys = Map<string, IndexableType[]>;

/**
 * Issues the page's puts and deletes of one table on the transaction itself, none awaited
 * (IndexedDB carries them; a failing one aborts the whole page). Dexie's `bulkPut` cost the
 * 50,000-record pull about 10 % of its time on top of IndexedDB's own work, and its hooks
 * would see pulled rows as new ones (the note journal is for this desk's own segments).
 */
function flush<T>(trans: IDBTransaction, table: string, overlay: Overlay<T>, touched: TouchedKeys): void {
  if (overlay.size === 0) return;
  const store = trans.objectStore(table);
  for (const [id, row] of overlay) {
    if (row === null) store.delete(id);
    else store.put(row);
  }
  touched.set(table, [...overlay.keys()]);
}

/** The rows a page leaves in each table (null: deleted), in the order they were last changed on it. */
export interface PageWrites {
  records: Overlay<LocalCallRecord>;
  segments: Overlay<NoteSegment>;
  cases: Overlay<LocalCase>;
  followUps: Overlay<LocalFollowUp>;
}

/** The changes this build keeps, parsed; refused and unknown ones are left out (never stored). */
export function parseChanges(changes: Change[], now: number): Parsed[] {
  return changes.map((c) => parse(c, now)).filter((p): p is Parsed => p !== null);
}

/**
 * The local rows a page's cases depend on: every case's own (a case already here keeps its
 * Call-ID) and the call records not earlier on the page. A call record the page carries is
 * read from the page, not from IndexedDB (in an initial pull that is nearly every case's).
 */
export function localReadsFor(parsed: Parsed[]): { caseIds: string[]; recordIds: string[] } {
  const caseIds = new Set<string>();
  const recordIds = new Set<string>();
  const recordsOnPage = new Set<string>();
  for (const p of parsed) {
    // Only a record earlier on the page counts: a case sees the page as of its own change.
    if (p.table === 'callRecords') recordsOnPage.add(p.id);
    if (p.table !== 'cases' || p.row === null) continue;
    caseIds.add(p.id);
    if (p.row.callRecordId !== null && !recordsOnPage.has(p.row.callRecordId)) recordIds.add(p.row.callRecordId);
  }
  return { caseIds: [...caseIds], recordIds: [...recordIds] };
}

/**
 * What the page writes, given the local cases and call records it depends on (`localReadsFor`),
 * with the same result as writing its changes one by one.
 *
 * The server does not know the SIP Call-ID: a case already here keeps its own, a colleague's
 * case takes it from its call record when that arrived (earlier in the log, as the record is
 * pushed before the case), else none.
 */
export function planWrites(parsed: Parsed[], storedCases: Map<string, LocalCase | undefined>, storedRecords: Map<string, LocalCallRecord | undefined>, now: number): PageWrites {
  const writes: PageWrites = { records: new Map(), segments: new Map(), cases: new Map(), followUps: new Map() };
  const { records, segments, cases, followUps } = writes;
  for (const p of parsed) {
    if (p.table === 'callRecords') records.set(p.id, p.row);
    else if (p.table === 'noteSegments') segments.set(p.id, p.row);
    else if (p.table === 'followUps') followUps.set(p.id, p.row);
    else if (p.row === null) cases.set(p.id, null);
    else {
      // As of this point in the page: earlier changes on it count, exactly as one-by-one writes would see them.
      const local = cases.has(p.id) ? cases.get(p.id) : storedCases.get(p.id);
      let sipCallId = local?.sipCallId ?? null;
      const recordId = p.row.callRecordId;
      if (sipCallId === null && recordId !== null) sipCallId = (records.has(recordId) ? records.get(recordId) : storedRecords.get(recordId))?.sipCallId ?? null;
      cases.set(p.id, { ...p.row, sipCallId, updatedAt: now });
    }
  }
  return writes;
}

/**
 * Puts the page's segments of each call as one note chunk (note-chunks.ts): the pull's
 * IndexedDB time is mostly per row. A chunk keyed like one already stored ends with the same
 * segment, which a pull delivers once (again only in a re-bootstrap, with every segment of the
 * call on some page): the stored one is this desk's own chunk of that segment or that same
 * delivery's, and the new one holds its segment too. Removed segments (tombstones) are not
 * written here: `writeChanges` takes them out of their chunks first.
 */
function flushSegments(trans: IDBTransaction, segments: Overlay<NoteSegment>, touched: TouchedKeys): void {
  const chunks = chunksByCall([...segments.values()].filter((segment): segment is NoteSegment => segment !== null));
  if (chunks.length === 0) return;
  const store = trans.objectStore('noteChunks');
  for (const chunk of chunks) store.put(chunk);
  touched.set('noteChunks', chunks.map(chunkKey));
}

/** Whether the page removes a note segment: that needs the chunks holding it read (`writeChanges`). */
export function removesSegments(writes: PageWrites): boolean {
  for (const segment of writes.segments.values()) if (segment === null) return true;
  return false;
}

/** Issues a page's writes on `trans` (none awaited); `touched` collects their keys. Segment removals are the caller's (`removesSegments`). */
export function issueWrites(trans: IDBTransaction, writes: PageWrites, touched: TouchedKeys): void {
  flush(trans, 'callRecords', writes.records, touched);
  flushSegments(trans, writes.segments, touched);
  flush(trans, 'cases', writes.cases, touched);
  flush(trans, 'followUps', writes.followUps, touched);
}

/**
 * Writes `changes` (in seq order) with the same result as writing them one by one, but with
 * the local rows they depend on read in bulk and every write issued at once (none awaited):
 * IndexedDB costs per awaited request, and a page holds hundreds of rows. Must run inside a
 * Dexie transaction over the four record tables (note chunks for segments); `touched` collects the keys written, to be
 * announced once that transaction committed.
 */
export async function writeChanges(db: DeskDb, changes: Change[], touched: TouchedKeys): Promise<void> {
  const trans = Dexie.currentTransaction?.idbtrans;
  if (!trans) throw new Error('writeChanges must run inside a transaction over the record tables');
  const now = Date.now();
  const parsed = parseChanges(changes, now);
  if (parsed.length === 0) return;
  const { caseIds, recordIds } = localReadsFor(parsed);
  const [localCases, localRecords] = await Promise.all([db.cases.bulkGet(caseIds), db.callRecords.bulkGet(recordIds)]);
  const storedCases = new Map(caseIds.map((id, i) => [id, localCases[i]]));
  const storedRecords = new Map(recordIds.map((id, i) => [id, localRecords[i]]));
  const writes = planWrites(parsed, storedCases, storedRecords, now);
  if (removesSegments(writes)) {
    // Rare (the record store does not delete segments today): every chunk is read to find them.
    const removed = new Set([...writes.segments].flatMap(([id, segment]) => (segment === null ? [id] : [])));
    await removeSegments(db, (segment) => removed.has(segment.id));
  }
  issueWrites(trans, writes, touched);
}
