/**
 * Freeze look-up benchmark (issue 4): 1M clearly synthetic freeze records on a throwaway
 * PostgreSQL, then the same look-ups twice: over HTTP on loopback (auth, validation,
 * masking and the audit insert included; the record store is its own process, as in
 * production) and as the bare indexed query through `pg`, plus the same three round trips
 * the route makes (session, query, audit insert) through `pg`, to split database work from
 * the HTTP layer. Prints throughput and p50/p99 and the ratio. Asserts nothing.
 *
 * The load generator is undici's keep-alive pool (keep-alive-client.ts; Node's fetch, used
 * before, cost the shared cores several times more CPU per request; it and node:http still run
 * once each for comparison). The three paths
 * run in interleaved rounds and print medians (BENCH_ROUNDS, default 3). BENCH_STORES=2 puts a
 * second record store process beside the first.
 *
 *   npx tsx test/bench/freeze-lookup.ts        (FREEZE_ROWS, BENCH_LOOKUPS, BENCH_CONCURRENCY to change)
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import pg from 'pg';
import { hashPassword } from '../../server/auth/password';
import { DEFAULT_SERVER_CONFIG } from '../../server/config';
import { openDatabase } from '../../server/db/open-database';
import { orgUnits, users } from '../../server/db/schema';
import { syntheticAccount, syntheticFreezeInsertSql, syntheticHolderName, syntheticIdNumber, syntheticPhone } from '../../server/freeze/synthetic-freeze';
import { startPostgres } from '../rig/postgres';
import { startRecordStore, type RecordStore } from '../rig/record-store';
import { KeepAlivePool } from './keep-alive-client';
import { median } from './stats';

const ROWS = Number(process.env.FREEZE_ROWS ?? 1_000_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 20_000);
// 50: the budget's figure (design.md §7: p99 ≤ 25 ms at 50 concurrent clients).
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const PHASE_LIMIT_MS = 120_000;
/** Interleaved rounds of HTTP, driver and round-trip phases; LOOKUPS is split between them. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
/** The record store's default pool size (server/db/open-database.ts). */
const DRIVER_POOL = Number(process.env.BENCH_DRIVER_POOL ?? 10);

type By = 'account' | 'idNumber' | 'phone' | 'name';
interface Probe {
  by: By;
  value: string;
  partialNumber?: string;
}

// Synthetic values are pure functions of the row number (server/freeze/synthetic-freeze.ts), so probes need no extra query.
const account = syntheticAccount;
const idNumber = syntheticIdNumber;
const phone = syntheticPhone;
const holderName = syntheticHolderName;

function probe(n: number): Probe {
  const i = 1 + Math.floor(Math.random() * ROWS);
  const by = (['account', 'idNumber', 'phone', 'name'] as const)[n % 4]!;
  if (by === 'account') return { by, value: account(i) };
  if (by === 'idNumber') return { by, value: idNumber(i) };
  if (by === 'phone') return { by, value: phone(i) };
  return { by, value: holderName(i), partialNumber: account(i).slice(-4) };
}

const COLUMNS = 'id, holder_name, id_number, phone, account_kind, account_number, institution, measure_type, authority, authority_phone, notice_number, starts_at, expires_at, holder_role, status';
function directQuery(p: Probe): [string, unknown[]] {
  const tail = 'ORDER BY starts_at DESC, id LIMIT 21';
  switch (p.by) {
    case 'account':
      return [`SELECT ${COLUMNS} FROM freeze_records WHERE account_number = $1 ${tail}`, [p.value]];
    case 'idNumber':
      return [`SELECT ${COLUMNS} FROM freeze_records WHERE id_number = $1 ${tail}`, [p.value]];
    case 'phone':
      return [`SELECT ${COLUMNS} FROM freeze_records WHERE phone = $1 ${tail}`, [p.value]];
    case 'name':
      return [
        `SELECT ${COLUMNS} FROM freeze_records WHERE holder_name = $1 AND ((right(account_number, 4) = $2 AND account_number LIKE $3) OR (right(id_number, 4) = $2 AND id_number LIKE $3)) ${tail}`,
        [p.value, p.partialNumber, `%${p.partialNumber}`],
      ];
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  const { user, system } = cpuSplit(pid);
  return user + system;
}

/** User and system CPU seconds of a process so far (system: mostly socket syscalls to the client and PostgreSQL). */
function cpuSplit(pid: number): { user: number; system: number } {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the stat line (11 and 12 after the name), in clock ticks of 1/100 s.
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

/**
 * An ordinary keep-alive client (`node:http`, one socket per worker), run once beside the
 * undici pool the rounds use, to show what the choice of client costs. Like that one it
 * offers the encodings a browser offers (the server decides whether to compress).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function postJson(url: string, token: string, body: unknown): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { agent, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate, br' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const decoded = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : encoding === 'deflate' ? inflateSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, text: decoded.toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Runs `count` operations on `CONCURRENCY` workers; returns latencies (ms) and operations per second. */
interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  n: number;
}

async function load(name: string, count: number, op: (n: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const deadline = Date.now() + PHASE_LIMIT_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count && Date.now() < deadline) {
        const n = next++;
        const t0 = performance.now();
        await op(n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return { name, rps: sorted.length / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), n: sorted.length };
}

async function main(): Promise<void> {
  const postgres = await startPostgres();
  // Seeding only; the record store process has its own pool (server default).
  const db = await openDatabase({ databaseUrl: postgres.url, poolSize: 2 });
  // The driver gets as many connections as the record store's pool, so the ratio compares
  // request paths, not pool sizes (the rig's PostgreSQL allows 50 connections in all).
  const direct = new pg.Pool({ connectionString: postgres.url, max: Math.min(CONCURRENCY, DRIVER_POOL) });
  // pool.end() resolves before its sockets close; PostgreSQL stopping right after is expected.
  direct.on('error', () => undefined);
  let store: RecordStore | undefined;
  let second: RecordStore | undefined;
  let other: RecordStore | undefined;
  const pools: KeepAlivePool[] = [];
  try {
    await db.migrate();
    const t0 = Date.now();
    await direct.query(syntheticFreezeInsertSql(1, ROWS, 'bench-synthetic'));
    await direct.query('ANALYZE freeze_records');
    console.log(`seeded ${ROWS.toLocaleString('en')} synthetic freeze records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const [unit] = await db.orm.insert(orgUnits).values({ code: 'bench', name: 'Bench centre', kind: 'city' }).returning();
    const [user] = await db.orm
      .insert(users)
      .values({ username: 'bench', passwordHash: await hashPassword('bench-password', DEFAULT_SERVER_CONFIG.argon2), role: 'call-taker', orgUnitId: unit!.id, displayName: 'Bench' })
      .returning();
    // BENCH_CPU_PROF=<dir>: the record store writes a V8 CPU profile there when it stops (for finding what a look-up costs).
    const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    store = await startRecordStore({ databaseUrl: postgres.url, env: { LOG_LEVEL: 'warn' }, nodeArgs });
    const base = `${store.url}/api/v1`;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) });
    const { token } = (await login.json()) as { token: string };

    // BENCH_STORES=2: a second record store process on the same database; workers alternate
    // between them (a deployment answer for 2 cores, measured rather than assumed).
    const stores = [{ base, token, pid: store.process.pid, pool: new KeepAlivePool(store.url) }];
    pools.push(stores[0]!.pool);
    if (Number(process.env.BENCH_STORES ?? 1) > 1) {
      second = await startRecordStore({ databaseUrl: postgres.url, env: { LOG_LEVEL: 'warn' }, nodeArgs });
      const secondBase = `${second.url}/api/v1`;
      const secondLogin = await fetch(`${secondBase}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) });
      stores.push({ base: secondBase, token: ((await secondLogin.json()) as { token: string }).token, pid: second.process.pid, pool: new KeepAlivePool(second.url) });
      pools.push(stores[1]!.pool);
    }
    let found = 0;
    // The rounds' generator: undici's keep-alive pool (keep-alive-client.ts), light on CPU,
    // so the cores go to the record store and PostgreSQL as they would in production.
    const viaHttp = async (n: number) => {
      const target = stores[n % stores.length]!;
      const res = await target.pool.postJson('/api/v1/freeze-records/lookup', probe(n), { authorization: `Bearer ${target.token}` });
      if (res.status !== 200) throw new Error(`look-up answered ${res.status}: ${res.body.toString('utf8')}`);
      found += (JSON.parse(res.body.toString('utf8')) as { results: unknown[] }).results.length > 0 ? 1 : 0;
    };
    const viaNodeHttpClient = async (n: number) => {
      const res = await postJson(`${base}/freeze-records/lookup`, token, probe(n));
      if (res.status !== 200) throw new Error(`look-up answered ${res.status}: ${res.text}`);
      JSON.parse(res.text);
    };
    // The generator used up to session 5 (Node's fetch), kept to show what the client itself cost.
    const viaFetch = async (n: number) => {
      const res = await fetch(`${base}/freeze-records/lookup`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(probe(n)) });
      if (res.status !== 200) throw new Error(`look-up answered ${res.status}: ${await res.text()}`);
      await res.json();
    };
    const viaPg = async (n: number) => {
      const [text, values] = directQuery(probe(n));
      await direct.query(text, values);
    };
    const tokenHash = (await direct.query<{ token_hash: string }>('SELECT token_hash FROM sessions LIMIT 1')).rows[0]!.token_hash;
    const viaPgRoundTrips = async (n: number) => {
      const p = probe(n);
      await direct.query('SELECT u.id, u.role, u.org_unit_id FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > now() LIMIT 1', [tokenHash]);
      const [text, values] = directQuery(p);
      const rows = await direct.query(text, values);
      await direct.query('INSERT INTO audit_events (action, actor_id, detail, ip) VALUES ($1, $2, $3, $4)', ['freeze.lookup', user!.id, { by: p.by, results: rows.rowCount }, '127.0.0.1']);
    };
    await load('warm-up', 1000, viaHttp);
    await load('warm-up', 1000, viaPg);
    await load('warm-up', 500, viaFetch);
    await load('warm-up', 500, viaNodeHttpClient);
    found = 0;
    const storeCpu = () => stores.map((s) => cpuSplit(s.pid)).reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }));
    // The three paths run in ROUNDS interleaved rounds and each figure is the median over the
    // rounds: on a shared machine the load changes within a minute, and back-to-back phases
    // would compare one load with another instead of one path with another.
    const perRound = Math.max(1, Math.round(LOOKUPS / ROUNDS));
    const httpName = `HTTP look-up${stores.length > 1 ? ` (${stores.length} stores)` : ''}`;
    const rounds: Array<Record<'http' | 'driver' | 'trips', LoadResult>> = [];
    let storeUser = 0;
    let storeSystem = 0;
    let httpCount = 0;
    let benchCpuMicros = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const cpuBefore = storeCpu();
      const benchCpuBefore = process.cpuUsage();
      const viaNodeHttp = await load(httpName, perRound, viaHttp);
      const benchCpu = process.cpuUsage(benchCpuBefore);
      const cpuAfter = storeCpu();
      storeUser += cpuAfter.user - cpuBefore.user;
      storeSystem += cpuAfter.system - cpuBefore.system;
      httpCount += viaNodeHttp.n;
      benchCpuMicros += benchCpu.user + benchCpu.system;
      rounds.push({ http: viaNodeHttp, driver: await load('same query via pg', perRound, viaPg), trips: await load('session+query+audit via pg', perRound, viaPgRoundTrips) });
    }
    const serverUserMs = (storeUser * 1000) / httpCount;
    const serverSystemMs = (storeSystem * 1000) / httpCount;
    const hitRate = found / httpCount;
    const fetchCpuBefore = process.cpuUsage();
    const viaOldGenerator = await load('HTTP look-up, fetch client', perRound, viaFetch);
    const fetchCpu = process.cpuUsage(fetchCpuBefore);
    const nodeHttpCpuBefore = process.cpuUsage();
    const viaNodeHttpGenerator = await load('HTTP look-up, node:http', perRound, viaNodeHttpClient);
    const nodeHttpCpu = process.cpuUsage(nodeHttpCpuBefore);
    const medianOf = (path: 'http' | 'driver' | 'trips'): LoadResult => {
      const all = rounds.map((r) => r[path]);
      return { name: all[0]!.name, rps: median(all.map((r) => r.rps)), p50: median(all.map((r) => r.p50)), p99: median(all.map((r) => r.p99)), n: all.reduce((sum, r) => sum + r.n, 0) };
    };
    const http = medianOf('http');
    const driver = medianOf('driver');
    const trips = medianOf('trips');

    const fmt = (r: LoadResult) => `${r.name.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   n=${r.n}`;
    console.log(`freeze look-up, ${ROWS.toLocaleString('en')} rows, ${CONCURRENCY} concurrent, mix of account / ID / phone / name+last4 (hit rate ${(hitRate * 100).toFixed(0)}%); medians of ${ROUNDS} interleaved rounds`);
    console.log(fmt(http));
    console.log(fmt(driver));
    console.log(fmt(trips));
    console.log(`${fmt(viaOldGenerator)}   (the generator used before session 6, one round, for comparison only)`);
    console.log(`${fmt(viaNodeHttpGenerator)}   (an ordinary keep-alive client, one round, for comparison only)`);
    const perLookup = (usage: NodeJS.CpuUsage, n: number) => ((usage.user + usage.system) / 1000 / n).toFixed(2);
    console.log(`load generator CPU per look-up: undici ${(benchCpuMicros / 1000 / httpCount).toFixed(2)} ms, node:http ${perLookup(nodeHttpCpu, viaNodeHttpGenerator.n)} ms, fetch ${perLookup(fetchCpu, viaOldGenerator.n)} ms`);
    console.log(`record store CPU per look-up: ${(serverUserMs + serverSystemMs).toFixed(2)} ms (user ${serverUserMs.toFixed(2)}, system ${serverSystemMs.toFixed(2)}; 1-min load average now ${loadavg()[0]!.toFixed(1)})`);
    console.log(`HTTP / driver throughput: ${((http.rps / driver.rps) * 100).toFixed(0)} % (target ≥ 50 %); HTTP p99 ${http.p99.toFixed(1)} ms (budget ≤ 25 ms)`);
    console.log(`HTTP layer cost: throughput ×${(driver.rps / http.rps).toFixed(2)} lower, p50 ×${(http.p50 / driver.p50).toFixed(2)}, p99 ×${(http.p99 / driver.p99).toFixed(2)} (HTTP includes session check, validation, masking and the audit insert)`);

    // BENCH_COMPARE_ROOT=<another checkout>: the same HTTP look-ups against a record store run from
    // that tree (e.g. the code before a change), interleaved with this one, with CPU per look-up:
    // on a loaded machine the CPU figure compares, the latencies mostly show the load.
    if (process.env.BENCH_COMPARE_ROOT) {
      other = await startRecordStore({ databaseUrl: postgres.url, env: { LOG_LEVEL: 'warn' }, root: process.env.BENCH_COMPARE_ROOT });
      const otherBase = `${other.url}/api/v1`;
      const otherLogin = await fetch(`${otherBase}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password' }) });
      const otherToken = ((await otherLogin.json()) as { token: string }).token;
      const otherPool = new KeepAlivePool(other.url);
      pools.push(otherPool);
      const against = (pool: KeepAlivePool, bearer: string) => async (n: number) => {
        const res = await pool.postJson('/api/v1/freeze-records/lookup', probe(n), { authorization: `Bearer ${bearer}` });
        if (res.status !== 200) throw new Error(`look-up answered ${res.status}: ${res.body.toString('utf8')}`);
      };
      await load('warm-up', 500, against(otherPool, otherToken));
      for (let round = 0; round < Number(process.env.BENCH_COMPARE_ROUNDS ?? 3); round++) {
        for (const [name, target, pid] of [
          ['this tree', against(stores[0]!.pool, token), store.process.pid],
          ['compared tree', against(otherPool, otherToken), other.process.pid],
        ] as const) {
          const before = cpuSeconds(pid);
          const r = await load(`${name}, round ${round + 1}`, perRound, target);
          console.log(`${fmt(r)}   CPU ${(((cpuSeconds(pid) - before) * 1000) / r.n).toFixed(2)} ms/look-up`);
        }
      }
    }
  } finally {
    agent.destroy();
    await Promise.all(pools.map((pool) => pool.close()));
    await other?.stop();
    await second?.stop();
    await store?.stop();
    await direct.end();
    await db.close();
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
