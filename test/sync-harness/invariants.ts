import { sql } from 'drizzle-orm';
import type { SessionUser } from '../../shared/schemas/auth';
import type { CallRecord, NoteSegment } from '../../shared/schemas/call-record';
import type { DeskDb, LocalFollowUp } from '../../renderer/src/storage/db';
import type { PullLoop } from '../../renderer/src/sync/pull-loop';
import type { PushLoop } from '../../renderer/src/sync/push-loop';
import { queryRows } from '../../server/db/database';
import { allSegments } from '../fakes/web/note-segments';
import type { DedupBypass, FaultyTransport, ServerHandle } from './faulty-transport';
import type { PokeFollower } from './poke-follower';

/** One simulated workstation of a run. */
export interface SimClient {
  name: string;
  dbName: string;
  clientId: string;
  db: DeskDb;
  push: PushLoop;
  pull: PullLoop;
  transport: FaultyTransport;
  /** This client's records, at the last version it wrote. */
  own: Map<string, CallRecord>;
  user: SessionUser;
  token: string;
  /** This client's follow-ups, at the last version it wrote. */
  ownFollowUps: Map<string, LocalFollowUp>;
  /** Follow-ups this client deleted: they must never show here again. */
  deletedHere: Set<string>;
  /** Set for a client that follows the SSE pokes. */
  events: PokeFollower | null;
}

/** Every mutation id and note segment clients reported saved, and the records' final versions. */
export interface Expectation {
  mutationIds: Set<string>;
  segments: Map<string, NoteSegment>;
}

export const recordFields = (r: CallRecord) => JSON.stringify([r.id, r.sipCallId, r.direction, r.remoteNumber, r.dialedNumber, r.startedAt, r.answeredAt, r.endedAt, r.endReason]);
export const segmentFields = (s: NoteSegment) => JSON.stringify([s.id, s.callRecordId, s.index, s.text, s.createdAt]);

/**
 * What every run must end with: each mutation applied exactly once, every note segment kept
 * unchanged, each record its owner's last version, empty outboxes, no dead letters, and
 * every replica equal to the server.
 */
export async function checkInvariants(server: ServerHandle, clients: SimClient[], expected: Expectation, bypass: DedupBypass | null): Promise<string[]> {
  const v: string[] = [];
  const orm = server.db.orm;

  // 1. Every mutation a client wrote was applied exactly once (counted per the client's own id).
  const ledger = await queryRows<{ mutation_id: string; status: string }>(orm, sql`SELECT mutation_id, result->>'status' AS status FROM applied_mutations`);
  const applied = new Map<string, number>();
  for (const row of ledger) {
    const original = bypass?.originalOf.get(row.mutation_id) ?? row.mutation_id;
    applied.set(original, (applied.get(original) ?? 0) + 1);
    if (row.status !== 'applied') v.push(`mutation ${original} was ${row.status}`);
  }
  for (const id of expected.mutationIds) {
    const n = applied.get(id) ?? 0;
    if (n !== 1) v.push(`mutation ${id} applied ${n} times`);
  }
  for (const id of applied.keys()) if (!expected.mutationIds.has(id)) v.push(`server applied unknown mutation ${id}`);

  // 2. Every note segment a client reported saved exists on the server once, unchanged.
  const serverSegments = await queryRows<{ id: string; call_record_id: string; idx: number; text: string; created_at: string | number }>(
    orm,
    sql`SELECT id, call_record_id, idx, text, created_at FROM note_segments`,
  );
  const segmentsById = new Map(serverSegments.map((s) => [s.id, { id: s.id, callRecordId: s.call_record_id, index: s.idx, text: s.text, createdAt: Number(s.created_at) }]));
  if (serverSegments.length !== segmentsById.size) v.push('duplicate note segment ids on the server');
  for (const [id, segment] of expected.segments) {
    const stored = segmentsById.get(id);
    if (!stored) v.push(`note segment ${id} lost`);
    else if (segmentFields(stored) !== segmentFields(segment)) v.push(`note segment ${id} changed on the server`);
  }
  if (segmentsById.size !== expected.segments.size) v.push(`server has ${segmentsById.size} note segments, clients saved ${expected.segments.size}`);

  // 3. Each record on the server is its owner's last written version (no stale replay won).
  const serverRecords = await queryRows<Record<string, unknown>>(
    orm,
    sql`SELECT id, sip_call_id, direction, remote_number, dialed_number, started_at, answered_at, ended_at, end_reason FROM call_records`,
  );
  const recordsById = new Map(
    serverRecords.map((r) => {
      const record: CallRecord = {
        id: r.id as string,
        sipCallId: r.sip_call_id as string,
        direction: r.direction as CallRecord['direction'],
        remoteNumber: r.remote_number as string,
        dialedNumber: r.dialed_number as string,
        startedAt: Number(r.started_at),
        answeredAt: r.answered_at === null ? null : Number(r.answered_at),
        endedAt: r.ended_at === null ? null : Number(r.ended_at),
        endReason: r.end_reason as CallRecord['endReason'],
      };
      return [record.id, record];
    }),
  );
  for (const c of clients) {
    for (const [id, record] of c.own) {
      const stored = recordsById.get(id);
      if (!stored) v.push(`${c.name}: record ${id} lost`);
      else if (recordFields(stored) !== recordFields(record)) v.push(`${c.name}: record ${id} on the server is not the last version written`);
    }
  }

  // 4. The outboxes are empty, nothing was refused, and every replica equals the server.
  const serverRecordSet = [...recordsById.values()].map(recordFields).sort();
  const serverSegmentSet = [...segmentsById.values()].map(segmentFields).sort();
  for (const c of clients) {
    const [outbox, dead] = [await c.db.outbox.count(), await c.db.deadLetters.count()];
    if (outbox > 0) v.push(`${c.name}: ${outbox} mutations still in the outbox`);
    if (dead > 0) v.push(`${c.name}: ${dead} dead letters`);
    const localRecords = (await c.db.callRecords.toArray()).map(recordFields).sort();
    const localSegments = (await allSegments(c.db)).map(segmentFields).sort();
    if (JSON.stringify(localRecords) !== JSON.stringify(serverRecordSet)) {
      const extra = localRecords.filter((r) => !serverRecordSet.includes(r)).length;
      const missing = serverRecordSet.filter((r) => !localRecords.includes(r)).length;
      v.push(`${c.name}: call records did not converge (${missing} missing or stale locally, ${extra} only local)`);
      if (process.env.HARNESS_DEBUG) console.log(c.name, { extra: localRecords.filter((r) => !serverRecordSet.includes(r)), missing: serverRecordSet.filter((r) => !localRecords.includes(r)), pull: c.pull.current, push: c.push.current, cursor: await c.db.meta.get('pullCursor'), deferred: await c.db.meta.get('pullDeferred') });
    }
    if (JSON.stringify(localSegments) !== JSON.stringify(serverSegmentSet)) v.push(`${c.name}: note segments did not converge`);
  }
  return v;
}
