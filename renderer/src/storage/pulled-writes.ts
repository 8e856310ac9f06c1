import { CallRecordSchema, NoteSegmentSchema, type NoteSegment } from '@shared/schemas/call-record';
import { CaseSchema, type Case } from '@shared/schemas/case';
import { FollowUpSchema } from '@shared/schemas/follow-up';
import type { Change } from '@shared/sync/protocol';
import type { DeskDb, LocalCallRecord, LocalCase, LocalFollowUp } from './db';

/** One parsed server change: a row to put, or null for a tombstone. */
type Parsed =
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

async function flush<T>(table: { bulkPut(rows: T[]): Promise<unknown>; bulkDelete(keys: string[]): Promise<void> }, overlay: Overlay<T>): Promise<void> {
  const puts: T[] = [];
  const deletes: string[] = [];
  for (const [id, row] of overlay) {
    if (row === null) deletes.push(id);
    else puts.push(row);
  }
  if (puts.length > 0) await table.bulkPut(puts);
  if (deletes.length > 0) await table.bulkDelete(deletes);
}

/**
 * Writes `changes` (in seq order) with the same result as writing them one by one, but with
 * one bulk put and one bulk delete per table and the local rows they depend on read in bulk:
 * IndexedDB costs per awaited request, and a page holds hundreds of rows. Must run inside a
 * transaction over the four record tables.
 *
 * The server does not know the SIP Call-ID: a case already here keeps its own, a colleague's
 * case takes it from its call record when that arrived (earlier in the log, as the record is
 * pushed before the case), else none.
 */
export async function writeChanges(db: DeskDb, changes: Change[]): Promise<void> {
  const now = Date.now();
  const parsed = changes.map((c) => parse(c, now)).filter((p): p is Parsed => p !== null);
  if (parsed.length === 0) return;
  const caseIds = new Set<string>();
  const recordIds = new Set<string>();
  // A call record the page carried before the case is read from the page, not from IndexedDB
  // (in an initial pull that is nearly every case's record): only the others are looked up.
  const recordsOnPage = new Set<string>();
  for (const p of parsed) {
    if (p.table === 'callRecords') recordsOnPage.add(p.id);
    if (p.table !== 'cases' || p.row === null) continue;
    caseIds.add(p.id);
    if (p.row.callRecordId !== null && !recordsOnPage.has(p.row.callRecordId)) recordIds.add(p.row.callRecordId);
  }
  const [localCases, localRecords] = await Promise.all([db.cases.bulkGet([...caseIds]), db.callRecords.bulkGet([...recordIds])]);
  const storedCases = new Map([...caseIds].map((id, i) => [id, localCases[i]]));
  const storedRecords = new Map([...recordIds].map((id, i) => [id, localRecords[i]]));

  const records: Overlay<LocalCallRecord> = new Map();
  const segments: Overlay<NoteSegment> = new Map();
  const cases: Overlay<LocalCase> = new Map();
  const followUps: Overlay<LocalFollowUp> = new Map();
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
  await Promise.all([flush(db.callRecords, records), flush(db.noteSegments, segments), flush(db.cases, cases), flush(db.followUps, followUps)]);
}
