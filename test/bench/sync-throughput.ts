// Sync throughput against the record store on a real PostgreSQL (issue 4's benchmark):
// push of 10,000 mutations in protocol-sized batches, then pull of the resulting changes by
// cursor, each over loopback HTTP, median of 5 fresh runs. Prints; asserts nothing.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Mutation } from '../../shared/sync/mutations';
import { PUSH_MAX_BYTES, PUSH_MAX_MUTATIONS } from '../../shared/sync/protocol';
import { startPostgres } from '../rig/postgres';
import { startRecordStore } from '../rig/record-store';
import { append, callRecord, noteSegment, upsert } from '../rig/mutation-builders';
import { row } from './stats';

const NOTE = '来电人称接到冒充客服电话，对方以退款为由诱导其下载会议软件并共享屏幕。'.repeat(28); // ~2 KB of UTF-8

/** 10,000 mutations like a busy offline shift: call records, their updates and ~2 KB notes. */
function offlineShift(total: number): Mutation[] {
  const out: Mutation[] = [];
  while (out.length < total) {
    const record = callRecord();
    out.push(upsert(record));
    out.push(upsert({ ...record, answeredAt: record.startedAt + 5_000, endedAt: record.startedAt + 300_000, endReason: 'remote-hangup' }));
    out.push(append(noteSegment(record.id, { text: NOTE })));
    out.push(append(noteSegment(record.id, { index: 1, text: NOTE.slice(0, 600) })));
  }
  return out.slice(0, total);
}

/** Protocol-sized batches: ≤ 500 mutations and ≤ 1 MB each, as the push loop sends them. */
function batches(mutations: Mutation[]): Mutation[][] {
  const out: Mutation[][] = [];
  let current: Mutation[] = [];
  let bytes = 0;
  for (const m of mutations) {
    const size = JSON.stringify(m).length;
    if (current.length > 0 && (current.length >= PUSH_MAX_MUTATIONS || bytes + size > PUSH_MAX_BYTES * 0.9)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Runs the push and pull benchmark; returns printable lines. */
export async function benchSyncThroughput(mutationCount = Number(process.env.BENCH_SYNC_MUTATIONS ?? 10_000), runs = 5): Promise<string[]> {
  const postgres = await startPostgres();
  // SYNC_BENCH_ROOT: run the record store from another checkout (old vs new code, interleaved by the caller).
  const root = process.env.SYNC_BENCH_ROOT;
  const store = await startRecordStore({ databaseUrl: postgres.url, ...(root ? { root } : {}), env: { COMPACTION_INTERVAL_MS: '0', LOG_LEVEL: 'warn' } });
  const db = new pg.Client({ connectionString: postgres.url });
  await db.connect();
  const pushMs: number[] = [];
  const pullMs: number[] = [];
  let requestBytes = 0;
  let responseBytes = 0;
  let changes = 0;
  try {
    const pusher = await login(store.url, 'agent1001');
    const puller = await login(store.url, 'agent1002');
    for (let run = 0; run < runs; run++) {
      await db.query('TRUNCATE call_records, note_segments, applied_mutations, change_log, cases RESTART IDENTITY CASCADE');
      const plan = batches(offlineShift(mutationCount));
      const clientId = randomUUID();
      requestBytes = 0;
      const pushStart = performance.now();
      for (const mutations of plan) {
        const body = JSON.stringify({ clientId, mutations });
        requestBytes += Buffer.byteLength(body);
        const res = await fetch(`${store.url}/api/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${pusher}` }, body });
        if (!res.ok) throw new Error(`push ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
      pushMs.push(performance.now() - pushStart);

      responseBytes = 0;
      changes = 0;
      const pullStart = performance.now();
      let cursor = 0;
      for (let more = true; more; ) {
        const res = await fetch(`${store.url}/api/v1/sync/pull?cursor=${cursor}&limit=1000`, { headers: { authorization: `Bearer ${puller}` } });
        const text = await res.text();
        if (!res.ok) throw new Error(`pull ${res.status}: ${text}`);
        responseBytes += Buffer.byteLength(text);
        const page = JSON.parse(text) as { changes: unknown[]; cursor: number; more: boolean };
        changes += page.changes.length;
        cursor = page.cursor;
        more = page.more;
      }
      pullMs.push(performance.now() - pullStart);
    }
  } finally {
    await db.end();
    await store.stop();
    await postgres.stop();
  }
  return [
    `sync on PostgreSQL: ${mutationCount} mutations (call records, updates, ~2 KB notes), ${runs} runs${root ? ` (record store from ${root})` : ''}`,
    row(`push ${mutationCount} mutations (batches ≤500/1 MB)`, pushMs),
    `  request bytes per run: ${(requestBytes / 1024 / 1024).toFixed(1)} MB; ${(mutationCount / (Math.min(...pushMs) / 1000)).toFixed(0)} mutations/s at best`,
    row(`pull ${changes} changes (pages of 1000)`, pullMs),
    `  response bytes per run: ${(responseBytes / 1024 / 1024).toFixed(1)} MB`,
  ];
}
