import { sql } from 'drizzle-orm';
import type { SessionUser } from '../../shared/schemas/auth';
import type { CallRecord, NoteSegment } from '../../shared/schemas/call-record';
import { commitNoteText, saveCallRecord } from '../../renderer/src/storage/call-repository';
import { DeskDb } from '../../renderer/src/storage/db';
import { PullLoop } from '../../renderer/src/sync/pull-loop';
import { PushLoop } from '../../renderer/src/sync/push-loop';
import type { RecordStoreClient } from '../../renderer/src/sync/record-store-client';
import { queryRows } from '../../server/db/database';
import { TOMBSTONES_PURGED_THROUGH } from '../../server/sync/compact';
import { FaultyTransport, NO_FAULTS, type DedupBypass, type FaultRates, type ServerHandle } from './faulty-transport';
import { Prng } from './prng';

/** Timers far beyond a run (and below setTimeout's 2^31 ms ceiling): the harness drives every push and pull itself. */
const NEVER_MS = 100_000_000;
const DATA_TABLES = ['call_records', 'note_segments', 'applied_mutations', 'change_log', 'sync_state', 'cases', 'agent_status'];
const END_REASONS = ['local-hangup', 'remote-hangup', 'transferred'] as const;

export const DEFAULT_FAULTS: FaultRates = { dropRequest: 0.1, dropAck: 0.15, duplicate: 0.1, hold: 0.1, crashMidBatch: 0.05 };

export interface HarnessAccount {
  token: string;
  user: SessionUser;
}

export interface HarnessOptions {
  /** Agents at work (one workstation each); all in one org unit so they see each other's records. */
  accounts: HarnessAccount[];
  steps?: number;
  faults?: FaultRates;
  /** false: the negative control (the server cannot recognise a repeated mutation). */
  dedup?: boolean;
}

export interface HarnessResult {
  seed: number;
  violations: string[];
  stats: { mutations: number; segments: number; records: number; crashes: number; restarts: number; resyncs: number };
}

interface SimClient {
  name: string;
  dbName: string;
  clientId: string;
  db: DeskDb;
  push: PushLoop;
  pull: PullLoop;
  transport: FaultyTransport;
  /** This client's records, at the last version it wrote. */
  own: Map<string, CallRecord>;
}

/** Every mutation id and note segment clients reported saved, and the records' final versions. */
interface Expectation {
  mutationIds: Set<string>;
  segments: Map<string, NoteSegment>;
}

function startLoops(c: Pick<SimClient, 'db' | 'transport' | 'clientId'>): { push: PushLoop; pull: PullLoop } {
  const client = c.transport as unknown as RecordStoreClient;
  const push = new PushLoop(c.db, client, c.clientId, { intervalMs: NEVER_MS, backoffBaseMs: NEVER_MS, backoffCapMs: NEVER_MS });
  const pull = new PullLoop(c.db, c.transport, { intervalMs: NEVER_MS, backoffBaseMs: NEVER_MS, backoffCapMs: NEVER_MS, pageSize: 20 });
  push.start();
  pull.start();
  return { push, pull };
}

/** New outbox rows since `afterSeq`, as mutation ids. */
async function newMutationIds(db: DeskDb, afterSeq: number): Promise<string[]> {
  return (await db.outbox.where('seq').above(afterSeq).toArray()).map((r) => r.mutationId);
}
async function lastOutboxSeq(db: DeskDb): Promise<number> {
  return (await db.outbox.orderBy('seq').last())?.seq ?? 0;
}

/**
 * One seeded run: several workstations create call records, edit them and write note
 * segments while their requests and acknowledgements are dropped, duplicated and held
 * back, the server crashes inside batches and restarts, clients crash between their local
 * commit and the push, and cursors are declared too old. Then the faults stop, every
 * client drains, and the invariants are checked on the server and on every replica.
 */
export async function runSeed(server: ServerHandle, seed: number, options: HarnessOptions): Promise<HarnessResult> {
  const rng = new Prng(seed);
  const faults = options.faults ?? DEFAULT_FAULTS;
  const bypass: DedupBypass | null = options.dedup === false ? { originalOf: new Map() } : null;
  const stats = { mutations: 0, segments: 0, records: 0, crashes: 0, restarts: 0, resyncs: 0 };
  await server.db.orm.execute(sql.raw(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`));
  const expected: Expectation = { mutationIds: new Set(), segments: new Map() };

  const clients: SimClient[] = [];
  for (const [i, account] of options.accounts.entries()) {
    const dbName = `harness-${seed}-${i}-${rng.uuid()}`;
    const db = new DeskDb(dbName);
    await db.open();
    const transport = new FaultyTransport(server, account.token, account.user, rng, faults, bypass);
    const clientId = rng.uuid();
    const loops = startLoops({ db, transport, clientId });
    clients.push({ name: account.user.username, dbName, clientId, db, transport, own: new Map(), ...loops });
  }
  await Promise.all(clients.flatMap((c) => [c.push.kick(), c.pull.kick()]));

  const crash = async (c: SimClient) => {
    // The window dies: loops gone, the database closed; a new one opens the same IndexedDB.
    c.push.stop();
    c.pull.stop();
    c.db.close();
    c.db = new DeskDb(c.dbName);
    await c.db.open();
    Object.assign(c, startLoops(c));
    await Promise.all([c.push.kick(), c.pull.kick()]);
    stats.crashes++;
  };

  const localWrite = async (c: SimClient) => {
    const before = await lastOutboxSeq(c.db);
    const roll = rng.next();
    const own = [...c.own.values()];
    if (roll < 0.35 || own.length === 0) {
      const record: CallRecord = {
        id: rng.uuid(),
        sipCallId: `${rng.uuid()}@pbx`,
        direction: rng.chance(0.8) ? 'inbound' : 'outbound',
        remoteNumber: `138${String(rng.int(1e8)).padStart(8, '0')}`,
        dialedNumber: '96110',
        startedAt: 1_767_225_600_000 + rng.int(1e7),
        answeredAt: null,
        endedAt: null,
        endReason: null,
      };
      await saveCallRecord(c.db, record);
      c.own.set(record.id, record);
      stats.records++;
    } else if (roll < 0.7) {
      const base = rng.pick(own);
      const edit: CallRecord = rng.chance(0.5)
        ? { ...base, answeredAt: base.startedAt + 1000 + rng.int(20_000) }
        : { ...base, endedAt: base.startedAt + 60_000 + rng.int(600_000), endReason: rng.pick(END_REASONS) };
      await saveCallRecord(c.db, edit);
      c.own.set(edit.id, edit);
    } else {
      // A note on any record this workstation knows: its own or a colleague's it pulled.
      const known = await c.db.callRecords.toCollection().primaryKeys();
      const target = rng.pick(known);
      const segment = await commitNoteText(c.db, target, `seed ${seed} note ${rng.int(1e9)} 来电人称`);
      if (segment) expected.segments.set(segment.id, segment);
    }
    for (const id of await newMutationIds(c.db, before)) expected.mutationIds.add(id);
  };

  // Read-your-writes, at every step: a workstation always shows its own last edit, whatever
  // the pulls brought meanwhile (an older server version must not overwrite an unsent change).
  const midRunViolations: string[] = [];
  const checkOwnRows = async (c: SimClient, step: number) => {
    for (const [id, record] of c.own) {
      const local = await c.db.callRecords.get(id);
      if (!local || recordFields(local) !== recordFields(record)) midRunViolations.push(`${c.name}: step ${step}: own record ${id} does not show its last edit`);
    }
  };

  const steps = options.steps ?? 24;
  for (let step = 0; step < steps; step++) {
    const c = rng.pick(clients);
    const roll = rng.next();
    if (roll < 0.34) await localWrite(c);
    else if (roll < 0.58) await c.push.kick();
    else if (roll < 0.74) await c.pull.kick();
    else if (roll < 0.8) await crash(c);
    else if (roll < 0.86) {
      // A client crash between its local commit and its push.
      await localWrite(c);
      await crash(c);
    } else if (roll < 0.92) {
      if (c.transport.held.length > 0) await c.transport.deliverHeld(rng.int(c.transport.held.length));
    } else if (roll < 0.96) {
      await server.restart();
      stats.restarts++;
    } else {
      // Compaction purged history past everyone: every cursor below the mark must re-bootstrap.
      await server.db.orm.execute(
        sql`INSERT INTO sync_state (key, value) SELECT ${TOMBSTONES_PURGED_THROUGH}, coalesce(max(seq), 0) FROM change_log
            ON CONFLICT (key) DO UPDATE SET value = GREATEST(sync_state.value, EXCLUDED.value)`,
      );
      stats.resyncs++;
    }
    await checkOwnRows(c, step);
  }

  // Faults stop; late deliveries still arrive (after newer batches); everyone drains.
  for (const c of clients) {
    c.transport.faults = NO_FAULTS;
    while (c.transport.held.length > 0) await c.transport.deliverHeld(0);
  }
  for (const c of clients) for (let i = 0; i < 10 && (await c.db.outbox.count()) > 0; i++) await c.push.kick();
  // Nothing is written any more: one pull each (it pages to the end) must bring every replica level with the server.
  for (const c of clients) await c.pull.kick();

  const violations = [...midRunViolations.slice(0, 3), ...(await checkInvariants(server, clients, expected, bypass))];
  stats.mutations = expected.mutationIds.size;
  stats.segments = expected.segments.size;
  for (const c of clients) {
    c.push.stop();
    c.pull.stop();
    c.db.close();
    await c.db.delete();
  }
  return { seed, violations, stats };
}

const recordFields = (r: CallRecord) => JSON.stringify([r.id, r.sipCallId, r.direction, r.remoteNumber, r.dialedNumber, r.startedAt, r.answeredAt, r.endedAt, r.endReason]);
const segmentFields = (s: NoteSegment) => JSON.stringify([s.id, s.callRecordId, s.index, s.text, s.createdAt]);

async function checkInvariants(server: ServerHandle, clients: SimClient[], expected: Expectation, bypass: DedupBypass | null): Promise<string[]> {
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
    const localSegments = (await c.db.noteSegments.toArray()).map(segmentFields).sort();
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
