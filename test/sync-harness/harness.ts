import { sql } from 'drizzle-orm';
import type { SessionUser } from '../../shared/schemas/auth';
import type { CallRecord } from '../../shared/schemas/call-record';
import { commitNoteText, saveCallRecord } from '../../renderer/src/storage/call-repository';
import { DeskDb } from '../../renderer/src/storage/db';
import { PullLoop } from '../../renderer/src/sync/pull-loop';
import { PushLoop } from '../../renderer/src/sync/push-loop';
import type { RecordStoreClient } from '../../renderer/src/sync/record-store-client';
import { TOMBSTONES_PURGED_THROUGH } from '../../server/sync/compact';
import { FaultyTransport, NO_FAULTS, type DedupBypass, type FaultRates, type ServerHandle } from './faulty-transport';
import { checkInvariants, recordFields, type Expectation, type SimClient } from './invariants';
import { checkFollowUps, FollowUpWorkload, resurrectedFollowUps } from './follow-up-workload';
import { awaitLevelPoke, followPokes } from './poke-follower';
import { Prng } from './prng';

/** Timers far beyond a run (and below setTimeout's 2^31 ms ceiling): the harness drives every push and pull itself. */
const NEVER_MS = 100_000_000;
const DATA_TABLES = ['call_records', 'note_segments', 'applied_mutations', 'change_log', 'sync_state', 'cases', 'agent_status', 'follow_ups'];
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
  /**
   * How many workstations follow the server's real SSE pokes (needs `server.url`): they pull
   * on a poke instead of being told to at the end, while their stream is dropped, refused
   * and doubled. Default 1 when the server listens, else 0.
   */
  pokeClients?: number;
}

export interface HarnessResult {
  seed: number;
  violations: string[];
  stats: {
    mutations: number;
    segments: number;
    records: number;
    crashes: number;
    restarts: number;
    resyncs: number;
    followUps: number;
    /** Follow-up deletes (each leaves a tombstone every replica must apply). */
    deletes: number;
    /** Event-stream connections cut mid-stream. */
    streamDrops: number;
    /** Reconnects that resumed with the right Last-Event-ID. */
    streamResumes: number;
  };
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
 * commit and the push, and cursors are declared too old. Follow-ups are created, edited,
 * closed and deleted (real tombstones), and one workstation follows the real SSE pokes
 * while its stream is cut, refused and doubled. Then the faults stop, every client drains,
 * and the invariants are checked on the server and on every replica.
 */
export async function runSeed(server: ServerHandle, seed: number, options: HarnessOptions): Promise<HarnessResult> {
  const rng = new Prng(seed);
  const faults = options.faults ?? DEFAULT_FAULTS;
  const bypass: DedupBypass | null = options.dedup === false ? { originalOf: new Map() } : null;
  const stats = { mutations: 0, segments: 0, records: 0, crashes: 0, restarts: 0, resyncs: 0, followUps: 0, deletes: 0, streamDrops: 0, streamResumes: 0 };
  // Stream faults draw from their own sequence: they fire on network timing, and must not shift the steps' draws.
  const streamRng = new Prng(seed ^ 0x5eed);
  const chance = (p: number) => streamRng.chance(p);
  const url = server.url?.bind(server);
  const pokeClients = url ? (options.pokeClients ?? 1) : 0;
  await server.db.orm.execute(sql.raw(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`));
  const expected: Expectation = { mutationIds: new Set(), segments: new Map() };
  const followUps = new FollowUpWorkload(rng, seed);

  const clients: SimClient[] = [];
  for (const [i, account] of options.accounts.entries()) {
    const dbName = `harness-${seed}-${i}-${rng.uuid()}`;
    const db = new DeskDb(dbName);
    await db.open();
    const transport = new FaultyTransport(server, account.token, account.user, rng, faults, bypass);
    const clientId = rng.uuid();
    const loops = startLoops({ db, transport, clientId });
    const events = url && i < pokeClients ? followPokes(url, account.token, chance) : null;
    clients.push({ name: account.user.username, dbName, clientId, db, transport, own: new Map(), user: account.user, token: account.token, ownFollowUps: new Map(), deletedHere: new Set(), events, ...loops });
  }
  const streamProblems: string[] = [];
  const stopStream = async (c: SimClient) => {
    if (!c.events) return;
    await c.events.stream.stop();
    stats.streamResumes += c.events.faults.resumed;
    streamProblems.push(...c.events.faults.problems.map((p) => `${c.name}: ${p}`));
  };
  await Promise.all(clients.flatMap((c) => [c.push.kick(), c.pull.kick()]));

  const crash = async (c: SimClient) => {
    // The window dies: loops gone, the database closed; a new one opens the same IndexedDB.
    c.push.stop();
    c.pull.stop();
    c.db.close();
    c.db = new DeskDb(c.dbName);
    await c.db.open();
    Object.assign(c, startLoops(c));
    if (c.events && url) {
      // A new window opens a new stream, with no Last-Event-ID.
      await stopStream(c);
      c.events = followPokes(url, c.token, chance);
    }
    await Promise.all([c.push.kick(), c.pull.kick()]);
    stats.crashes++;
  };

  const localWrite = async (c: SimClient) => {
    const before = await lastOutboxSeq(c.db);
    const roll = rng.next();
    const own = [...c.own.values()];
    if (roll >= 0.72) await followUps.write(c);
    else if (roll < 0.25 || own.length === 0) {
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
    } else if (roll < 0.45) {
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

  // The stream of a poke-following client dies; half the time reconnects are refused until its next fault; pokes may come twice.
  const streamFault = async (c: SimClient) => {
    if (!c.events) return pullStep(c);
    c.events.faults.refusing = rng.chance(0.5);
    c.events.faults.duplicate = rng.chance(0.5) ? 0.3 : 0;
    c.events.faults.drop();
    stats.streamDrops++;
  };
  // A client that follows pokes pulls only when poked (what SyncEngine does on a poke), at its
  // pull steps: pokes meanwhile coalesce, as a busy window's would. A failed pull keeps the
  // poke pending: the retry timer's job, which the harness stands in for.
  const pullStep = async (c: SimClient) => {
    if (!c.events) return c.pull.kick();
    if (!c.events.poked) return;
    c.events.poked = false;
    await c.pull.kick();
    if (c.pull.current.lastError !== null) c.events.poked = true;
  };

  // Read-your-writes, at every step: a workstation always shows its own last edit, whatever
  // the pulls brought meanwhile (an older server version must not overwrite an unsent change).
  const midRunViolations: string[] = [];
  const checkOwnRows = async (c: SimClient, step: number) => {
    for (const [id, record] of c.own) {
      const local = await c.db.callRecords.get(id);
      if (!local || recordFields(local) !== recordFields(record)) midRunViolations.push(`${c.name}: step ${step}: own record ${id} does not show its last edit`);
    }
    for (const id of await resurrectedFollowUps(c)) midRunViolations.push(`${c.name}: step ${step}: deleted follow-up ${id} is back`);
  };

  const steps = options.steps ?? 24;
  for (let step = 0; step < steps; step++) {
    const c = rng.pick(clients);
    const roll = rng.next();
    if (roll < 0.34) await localWrite(c);
    else if (roll < 0.55) await c.push.kick();
    else if (roll < 0.6) await streamFault(c);
    else if (roll < 0.74) await pullStep(c);
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
    if (c.events) Object.assign(c.events.faults, { refusing: false, duplicate: 0 });
    while (c.transport.held.length > 0) await c.transport.deliverHeld(0);
  }
  for (const c of clients) for (let i = 0; i < 10 && (await c.db.outbox.count()) > 0; i++) await c.push.kick();
  // Nothing is written any more: one pull each (it pages to the end) must bring every replica level with the server.
  // A poke-following client is not told to: its stream is cut once more, must resume with its
  // Last-Event-ID, and it pulls only if a poke (live or on reconnect) says there is something.
  const endViolations: string[] = [];
  for (const c of clients) {
    if (!c.events) {
      await c.pull.kick();
      continue;
    }
    c.events.faults.drop();
    stats.streamDrops++;
    const missed = await awaitLevelPoke(server, c.user, c.events);
    if (missed) endViolations.push(`${c.name}: ${missed}`);
    if (c.events.poked) {
      c.events.poked = false;
      await c.pull.kick();
    }
  }
  for (const c of clients) await stopStream(c);

  const violations = [...midRunViolations.slice(0, 3), ...endViolations, ...streamProblems.slice(0, 3), ...(await checkInvariants(server, clients, expected, bypass)), ...(await checkFollowUps(server.db.orm, clients, followUps.deleted))];
  stats.mutations = expected.mutationIds.size;
  stats.segments = expected.segments.size;
  stats.followUps = followUps.creates;
  stats.deletes = followUps.deletes;
  for (const c of clients) {
    c.push.stop();
    c.pull.stop();
    c.db.close();
    await c.db.delete();
  }
  return { seed, violations, stats };
}
