// Sync in real Chromium (issue 5's benchmark): the renderer's own storage and sync code on
// Chromium's IndexedDB against the record store on a throwaway PostgreSQL, over loopback.
// (a) 10,000 offline changes pushed to convergence once the record store is back, median of 5;
// (b) a new workstation's initial pull of 50,000 records; (c) cold start of the built web app
// with 100,000 local records. Prints; asserts nothing. BENCH_BROWSER_SCALE shrinks every size
// (e.g. 0.1), BENCH_BROWSER_RUNS sets the runs per figure, BENCH_BROWSER_PUSH_ONLY=1 times (a)
// with the push loop alone (a diagnostic: how much the pull-back beside it costs),
// BENCH_BROWSER_PARTS=a,c picks figures, BENCH_BROWSER_PROFILE=dir writes Chromium CPU profiles
// (.cpuprofile, for DevTools) of the last run's writes, convergence and pull into dir.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page, type Request } from '@playwright/test';
import pg from 'pg';
import type { Mutation } from '../../shared/sync/mutations';
import { PUSH_MAX_BYTES, PUSH_MAX_MUTATIONS } from '../../shared/sync/protocol';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { append, callRecord, noteSegment, upsert } from '../rig/mutation-builders';
import { startPostgres } from '../rig/postgres';
import { freePort } from '../rig/process';
import { startRecordStore, type RecordStore } from '../rig/record-store';
import { startStaticServer } from '../rig/static-server';
import { median, row } from './stats';
import { coldStart } from './browser-cold-start';
import { cpuMeter, formatCpu } from './process-cpu';

const ROOT = resolve(import.meta.dirname, '../..');
const BENCH_OUT = resolve(ROOT, process.env.BENCH_BROWSER_OUT ?? 'out/bench-browser');
const WEB_OUT = resolve(ROOT, process.env.HOTLINE_WEB_OUT ?? 'out/web');
const NOTE = '来电人称接到冒充客服电话，对方以退款为由诱导其下载会议软件并共享屏幕。'.repeat(20);
const STORE_ENV = { COMPACTION_INTERVAL_MS: '0', LOG_LEVEL: 'warn' };
// Diagnostic: BENCH_STORE_PROFILE=dir writes a V8 CPU profile of each record store run (written when it stops) into dir.
const STORE_NODE_ARGS = process.env.BENCH_STORE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_STORE_PROFILE}`] : [];
/** A diagnostic: converge with the push loop alone (no pull-back beside it). */
const PUSH_ONLY = process.env.BENCH_BROWSER_PUSH_ONLY === '1';
/** Diagnostic: also time the floor with one read per transaction (does a read round trip explain the gap to the floor?). */
const FLOOR_READ = process.env.BENCH_BROWSER_FLOOR_READ === '1';
/** Where CPU profiles go (none when unset). */
const PROFILE_DIR = process.env.BENCH_BROWSER_PROFILE ? resolve(process.env.BENCH_BROWSER_PROFILE) : null;
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Request and response bytes (headers and bodies, as Chromium counted them) per API path. */
export class ByteMeter {
  private pending: Array<Promise<void>> = [];
  readonly byPath = new Map<string, { requests: number; sent: number; received: number }>();
  constructor(private readonly origin: string) {}

  attach(page: Page): void {
    page.on('requestfinished', (request: Request) => {
      if (!request.url().startsWith(this.origin)) return;
      this.pending.push(
        request.sizes().then((s) => {
          const path = new URL(request.url()).pathname;
          const entry = this.byPath.get(path) ?? { requests: 0, sent: 0, received: 0 };
          entry.requests++;
          entry.sent += s.requestHeadersSize + s.requestBodySize;
          entry.received += s.responseHeadersSize + s.responseBodySize;
          this.byPath.set(path, entry);
        }),
      );
    });
  }

  reset(): void {
    this.byPath.clear();
    this.pending = [];
  }

  async settle(): Promise<void> {
    await Promise.allSettled(this.pending);
  }

  total(pathPart = ''): { requests: number; sent: number; received: number } {
    const out = { requests: 0, sent: 0, received: 0 };
    for (const [path, e] of this.byPath) {
      if (!path.includes(pathPart)) continue;
      out.requests += e.requests;
      out.sent += e.sent;
      out.received += e.received;
    }
    return out;
  }
}

async function login(base: string, username: string): Promise<{ token: string; userId: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const body = (await res.json()) as { token: string; user: { id: string } };
  return { token: body.token, userId: body.user.id };
}

async function serverCounts(db: pg.Client): Promise<{ callRecords: number; cases: number; noteSegments: number }> {
  const one = async (table: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  return { callRecords: await one('call_records'), cases: await one('cases'), noteSegments: await one('note_segments') };
}

/** `records` server records as other workstations pushed them: call record, case, two note segments per call. */
async function seedServer(base: string, token: string, records: number): Promise<void> {
  const all: Mutation[] = [];
  for (let i = 0; all.length < records; i++) {
    const record = callRecord({ remoteNumber: `1390013${String(i % 10_000).padStart(4, '0')}`, startedAt: 1_767_225_600_000 + i * 60_000, answeredAt: 1_767_225_604_000 + i * 60_000 });
    all.push(upsert(record));
    all.push({ mutationId: randomUUID(), name: 'case.open', args: { id: randomUUID(), callRecordId: record.id, callerNumber: `+86${record.remoteNumber}`, callType: 'consultation', createdAt: record.startedAt, fields: { situation: '对方自称客服' } } });
    all.push(append(noteSegment(record.id, { text: NOTE })));
    all.push(append(noteSegment(record.id, { index: 1, text: NOTE.slice(0, 600) })));
  }
  const clientId = randomUUID();
  let batch: Mutation[] = [];
  let bytes = 0;
  const send = async () => {
    const res = await fetch(`${base}/api/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ clientId, mutations: batch }) });
    if (!res.ok) throw new Error(`seed push ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    batch = [];
    bytes = 0;
  };
  for (const m of all.slice(0, records)) {
    const size = JSON.stringify(m).length;
    if (batch.length >= PUSH_MAX_MUTATIONS || (batch.length > 0 && bytes + size > PUSH_MAX_BYTES * 0.9)) await send();
    batch.push(m);
    bytes += size;
  }
  if (batch.length > 0) await send();
}

/** Runs `work` under the Chromium CPU profiler when profiling and `last`, writing `<name>.cpuprofile`. */
async function profiled<T>(page: Page, name: string, last: boolean, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR || !last) return work();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

function buildPage(): void {
  const built = spawnSync('npx', ['vite', 'build', '-c', resolve(import.meta.dirname, 'browser/vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', timeout: 180_000 });
  if (built.status !== 0) throw new Error('building the bench page failed');
}

/**
 * Runs (a), (b) and (c) at `defaultScale` of the issue's sizes (BENCH_BROWSER_SCALE overrides),
 * printing each figure's lines as soon as it is done (a full-size run takes many minutes).
 */
export async function benchBrowserSync(defaultScale = 1, print: (line: string) => void = console.log): Promise<void> {
  const scale = Number(process.env.BENCH_BROWSER_SCALE ?? defaultScale);
  const runs = Number(process.env.BENCH_BROWSER_RUNS ?? 5);
  const offlineN = Math.max(7, Math.round(10_000 * scale));
  const pullN = Math.max(4, Math.round(50_000 * scale));
  const coldN = Math.max(4, Math.round(100_000 * scale));
  const parts = new Set((process.env.BENCH_BROWSER_PARTS ?? 'a,b,c').split(','));
  buildPage();
  const out = (...lines: string[]) => lines.forEach((line) => print(line));
  out(`sync in Chromium (renderer storage + sync code, IndexedDB) against the record store on PostgreSQL, ${runs} runs each, sizes × ${scale}:`);
  const postgres = await startPostgres();
  const storePort = await freePort();
  let store: RecordStore | null = await startRecordStore({ databaseUrl: postgres.url, port: storePort, env: STORE_ENV });
  const storeUrl = store.url;
  const db = new pg.Client({ connectionString: postgres.url });
  await db.connect();
  const web = await startStaticServer({ '/bench/': BENCH_OUT, '/app/': WEB_OUT });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
  try {
    const pusher = await login(storeUrl, 'agent1001');
    const puller = await login(storeUrl, 'agent1002');
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('bench page error:', e));
    const meter = new ByteMeter(storeUrl);
    meter.attach(page);
    // Push attempts that never reached the record store (it is down during the offline writes): how many, and how much each carried.
    const failedPushes = { requests: 0, bytes: 0 };
    page.on('requestfailed', (request) => {
      if (!request.url().startsWith(storeUrl) || !request.url().includes('/sync/push')) return;
      failedPushes.requests++;
      failedPushes.bytes += request.postDataBuffer()?.length ?? 0;
    });
    await page.goto(`${web.url}/bench/`);
    await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 30_000 });

    if (parts.has('a')) {
      // (a) offline shift → converged.
      const convergeMs: number[] = [];
      const writeMs: number[] = [];
      const floorMs: number[] = [];
      const floorReadMs: number[] = [];
      const floorParallelMs: number[] = [];
      const floorAtOnceMs: number[] = [];
      const perAction: number[][] = [];
      let sample = { sent: 0, received: 0, pushRequests: 0, pushSent: 0, pushReceived: 0, local: '', server: '' };
      let offlineTries = '';
      for (let run = 0; run < runs; run++) {
        await db.query('TRUNCATE call_records, note_segments, applied_mutations, change_log, cases RESTART IDENTITY CASCADE');
        await store?.stop();
        store = null;
        // The floor in the same run, right before, so both see the same machine load.
        floorMs.push((await page.evaluate((o) => window.bench.bareFloor(o), { mutations: offlineN })).writeMs);
        if (FLOOR_READ) floorReadMs.push((await page.evaluate((o) => window.bench.bareFloor(o), { mutations: offlineN, read: true })).writeMs);
        if (FLOOR_READ) floorParallelMs.push((await page.evaluate((o) => window.bench.bareFloor(o), { mutations: offlineN, read: 'parallel' as const })).writeMs);
        if (FLOOR_READ) floorAtOnceMs.push((await page.evaluate((o) => window.bench.bareFloor(o), { mutations: offlineN, commitAtOnce: true })).writeMs);
        const last = run === runs - 1;
        failedPushes.requests = 0;
        failedPushes.bytes = 0;
        const shift = await profiled(page, 'writes', last, () => page.evaluate((o) => window.bench.offlineShift(o), { storeUrl, token: pusher.token, mutations: offlineN }));
        offlineTries = `${failedPushes.requests} push tries while offline, ${MB(failedPushes.bytes)} in their bodies`;
        writeMs.push(shift.writeMs);
        shift.perActionMs.forEach((ms, i) => (perAction[i] ??= []).push(ms));
        store = await startRecordStore({ databaseUrl: postgres.url, port: storePort, env: STORE_ENV, nodeArgs: STORE_NODE_ARGS });
        meter.reset();
        const done = await profiled(page, 'converge', last, () => page.evaluate(([t, pushOnly]) => window.bench.converge(t, pushOnly), [300_000, PUSH_ONLY] as const));
        await meter.settle();
        const server = await serverCounts(db);
        await page.evaluate(() => window.bench.finishShift());
        if (done.local.outbox !== 0 || done.local.deadLetters !== 0 || server.callRecords !== done.local.callRecords || server.cases !== done.local.cases || server.noteSegments !== done.local.noteSegments) {
          throw new Error(`not converged: local ${JSON.stringify(done.local)}, server ${JSON.stringify(server)}, ${done.lastError}`);
        }
        convergeMs.push(done.ms);
        const all = meter.total();
        const push = meter.total('/sync/push');
        sample = { sent: all.sent, received: all.received, pushRequests: push.requests, pushSent: push.sent, pushReceived: push.received, local: JSON.stringify(shift.local), server: JSON.stringify(server) };
      }
      out(
        `(a) ${offlineN} offline changes (7 per call: call record, case open, 2 field edits, ~2 KB + 600-char notes, call end) through the repositories, engine running, record store down`,
        row('  writing them offline (IndexedDB, push attempts failing)', writeMs),
        `  per action (median ms): ${['call record', 'case open', 'field edit', '2 KB note', 'field edit', '600-char note', 'call end'].map((name, i) => `${name} ${median(perAction[i] ?? []).toFixed(2)}`).join(', ')}; floor per change ${(median(floorMs) / offlineN).toFixed(2)}`,
        row('  floor: bare IndexedDB, one transaction per change (record + outbox row), same runs', floorMs),
        ...(FLOOR_READ ? [row('  floor with one read answered before the writes (BENCH_BROWSER_FLOOR_READ)', floorReadMs)] : []),
        ...(FLOOR_READ ? [row('  floor with one read issued with the writes, committed once it answered', floorParallelMs)] : []),
        ...(FLOOR_READ ? [row('  floor committed at once (commit() right after the writes, no read to wait for)', floorAtOnceMs)] : []),
        // Per run, so both sides saw the same machine load (the target is ≤ 1.3×).
        row('  writing ÷ floor, run by run', writeMs.map((ms, i) => ms / floorMs[i]!), '×'),
        row(`  store up, ${PUSH_ONLY ? 'push loop ALONE (diagnostic)' : 'engine started'} → outbox empty, server counts match`, convergeMs),
        `  per run: ${sample.pushRequests} pushes, push ${MB(sample.pushSent)} sent / ${MB(sample.pushReceived)} received; all API traffic incl. the engine's pull-back ${MB(sample.sent)} sent / ${MB(sample.received)} received`,
        `  last run: local before push ${sample.local}; server after ${sample.server}; ${offlineTries}`,
      );
    }

    if (parts.has('b')) {
      // (b) initial pull into an empty IndexedDB.
      await db.query('TRUNCATE call_records, note_segments, applied_mutations, change_log, cases RESTART IDENTITY CASCADE');
      const seedStart = performance.now();
      await seedServer(storeUrl, pusher.token, pullN);
      // A centre's change log is long-lived and vacuumed; a log seeded a moment ago is not
      // (no statistics, no hint bits), which made whichever run came first several times slower.
      await db.query('VACUUM ANALYZE change_log, call_records, cases, note_segments');
      const seeded = await serverCounts(db);
      const seedMs = performance.now() - seedStart;
      const pullMs: number[] = [];
      const networkMs: number[] = [];
      const bareMs: number[] = [];
      let pullBytes = { requests: 0, sent: 0, received: 0 };
      let pulled = '';
      let pullCpu = '';
      let networkCpu = '';
      let bareCpu = '';
      for (let run = 0; run < runs; run++) {
        let cpu = cpuMeter();
        networkMs.push((await page.evaluate((o) => window.bench.pullNetworkOnly(o), { storeUrl, token: puller.token })).ms);
        networkCpu = formatCpu(cpu());
        cpu = cpuMeter();
        bareMs.push((await page.evaluate((o) => window.bench.pullBareFloor(o), { storeUrl, token: puller.token })).ms);
        bareCpu = formatCpu(cpu());
        meter.reset();
        cpu = cpuMeter();
        const result = await profiled(page, 'pull', run === runs - 1, () => page.evaluate((o) => window.bench.initialPull(o), { storeUrl, token: puller.token, timeoutMs: 600_000 }));
        pullCpu = formatCpu(cpu());
        await meter.settle();
        if (result.lastError || result.local.callRecords + result.local.cases + result.local.noteSegments !== pullN) throw new Error(`pull incomplete: ${JSON.stringify(result)}`);
        pullMs.push(result.ms);
        pullBytes = meter.total('/sync/pull');
        pulled = JSON.stringify(result.local);
      }
      out(
        `(b) initial pull of ${pullN} records (server ${JSON.stringify(seeded)}, seeded in ${(seedMs / 1000).toFixed(1)} s) into an empty IndexedDB, real pull loop (its default page size)`,
        row('  pull to the end of the log', pullMs),
        row('  floor: the same pages fetched and parsed, nothing written, same runs', networkMs),
        row('  floor: the same pages fetched, parsed and put with bare IndexedDB (no checks), same runs', bareMs),
        `  per run: ${pullBytes.requests} pages, ${MB(pullBytes.sent)} sent / ${MB(pullBytes.received)} received; local ${pulled}`,
        `  CPU by process in the last run: pull ${pullCpu}; fetched and parsed only ${networkCpu}; bare IndexedDB ${bareCpu}`,
      );
    }
    await page.close();

    if (parts.has('c')) {
      // (c) cold start of the built app with `coldN` local records.
      const cursor = Number((await db.query<{ n: string | null }>('SELECT max(seq) AS n FROM change_log')).rows[0]!.n ?? 0);
      const profile = mkdtempSync(join(tmpdir(), 'hd-bench-profile-'));
      try {
        out(...(await coldStart({ webUrl: web.url, storeUrl, userId: pusher.userId, records: coldN, cursor, runs, profile })));
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
    await web.close();
    await db.end();
    await store?.stop();
    await postgres.stop();
  }
}
