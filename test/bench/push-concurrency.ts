// Push throughput under concurrency (issue 18): N Node clients push small batches as fast as
// they can against 1 and then 2 record-store instances sharing one PostgreSQL, and a sampler
// watches the change-log lock in pg_locks. Prints pushes/s, latency p50/p99, how often the
// lock was held and by a backend doing what, and the mean hold per push (busy share × wall
// time ÷ pushes). Asserts nothing. `PUSH_BENCH_ROOT` runs the record store from another
// checkout (old vs new code, interleaved by the caller); run directly with
// `npx tsx test/bench/push-concurrency.ts`.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Mutation } from '../../shared/sync/mutations';
import { startPostgres } from '../rig/postgres';
import { startRecordStore, type RecordStore } from '../rig/record-store';
import { append, callRecord, noteSegment, upsert } from '../rig/mutation-builders';

/** Low 32 bits of the change-log advisory lock key (server/sync/change-log.ts). */
const LOCK_OBJID = 96_110_002;
const NOTE = '来电人称接到冒充客服电话，对方以退款为由诱导其下载会议软件并共享屏幕。'.repeat(4);

/** A desk's small push: two calls with their updates and a note each (8 mutations). */
function deskBatch(): Mutation[] {
  return [0, 1].flatMap(() => {
    const record = callRecord();
    return [
      upsert(record),
      upsert({ ...record, answeredAt: record.startedAt + 5_000, endedAt: record.startedAt + 300_000, endReason: 'remote-hangup' }),
      append(noteSegment(record.id, { text: NOTE })),
      append(noteSegment(record.id, { index: 1, text: NOTE.slice(0, 40) })),
    ];
  });
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

interface LockSamples {
  total: number;
  held: number;
  /** Samples whose holder was waiting for its client (a round trip while holding the lock). */
  idleInTx: number;
  waiters: number;
}

/** Polls pg_locks until `stop()`; each sample: is the lock held, by whom doing what, how many wait. */
function sampleLock(url: string): { stop: () => Promise<LockSamples> } {
  const client = new pg.Client({ connectionString: url });
  const s: LockSamples = { total: 0, held: 0, idleInTx: 0, waiters: 0 };
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ granted: boolean; state: string | null }>(
        `SELECT l.granted, a.state FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.objid = $1`,
        [LOCK_OBJID],
      );
      s.total++;
      const holder = rows.find((r) => r.granted);
      if (holder) s.held++;
      if (holder?.state === 'idle in transaction') s.idleInTx++;
      s.waiters += rows.filter((r) => !r.granted).length;
      await new Promise((r) => setTimeout(r, 2));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return s;
    },
  };
}

/** One timed round: `clients` desks pushing for `seconds` across the given instances. */
async function round(pgUrl: string, stores: RecordStore[], clients: number, seconds: number): Promise<string> {
  const users = ['agent1001', 'agent1002', 'agent1003'];
  const desks = await Promise.all(
    Array.from({ length: clients }, async (_, i) => ({ url: stores[i % stores.length]!.url, token: await login(stores[i % stores.length]!.url, users[i % users.length]!), clientId: randomUUID() })),
  );
  const latencies: number[] = [];
  let errors = 0;
  const sampler = sampleLock(pgUrl);
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    desks.map(async (desk) => {
      while (performance.now() < end) {
        const body = JSON.stringify({ clientId: desk.clientId, mutations: deskBatch() });
        const t0 = performance.now();
        const res = await fetch(`${desk.url}/api/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.token}` }, body });
        await res.arrayBuffer();
        if (res.ok) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const wall = performance.now() - start;
  const lock = await sampler.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  const busy = lock.held / Math.max(1, lock.total);
  return (
    `  ${stores.length} instance(s), ${clients} clients, ${seconds} s: ${(latencies.length / (wall / 1000)).toFixed(0)} pushes/s (8 mutations each), p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, errors ${errors}\n` +
    `    lock held in ${(busy * 100).toFixed(0)} % of ${lock.total} samples (holder idle in transaction ${((lock.idleInTx / Math.max(1, lock.held)) * 100).toFixed(0)} %), ${(lock.waiters / Math.max(1, lock.total)).toFixed(1)} waiters on average, mean hold ≈ ${((busy * wall) / Math.max(1, latencies.length)).toFixed(2)} ms per push`
  );
}

/** Runs the push concurrency benchmark at 1 and 2 instances; returns printable lines. */
export async function benchPushConcurrency(clients = Number(process.env.PUSH_BENCH_CLIENTS ?? 32), seconds = Number(process.env.PUSH_BENCH_SECONDS ?? 8)): Promise<string[]> {
  const root = process.env.PUSH_BENCH_ROOT;
  const postgres = await startPostgres();
  const lines = [`push concurrency on PostgreSQL${root ? ` (record store from ${root})` : ''}; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`];
  const stores: RecordStore[] = [];
  try {
    for (const instances of [1, 2]) {
      while (stores.length < instances) {
        stores.push(await startRecordStore({ databaseUrl: postgres.url, ...(root ? { root } : {}), env: { COMPACTION_INTERVAL_MS: '0', LOG_LEVEL: 'warn' } }));
      }
      lines.push(await round(postgres.url, stores, clients, seconds));
    }
  } finally {
    for (const store of stores) await store.stop();
    await postgres.stop();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchPushConcurrency()) console.log(line);
}
