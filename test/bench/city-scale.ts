/**
 * City-scale load benchmark (issue 18), `BENCH_ONLY=city`: a PostgreSQL record store holding a
 * 1,000,000-row change log and 1,000,000 freeze records, two record store instances on it, and
 * 200 workstations (Node clients speaking the sync protocol, city-client.ts) working a shift
 * mix sped up: each call is a ring, answer, case opened and filled, notes, end, finalise, agent
 * states, a freeze look-up on most calls, the warning queue now and then; pushes as the outbox
 * does, pulls after pokes. Runs BENCH_CITY_SECONDS (default 60) and prints push, pull and
 * look-up p50/p99, errors by status, change-log growth, compaction runs during it, and how
 * often pushes queued on the single change-log lock. Asserts nothing.
 *
 *   BENCH_ONLY=city npm run bench      or   npx tsx test/bench/city-scale.ts
 *   BENCH_CITY_ROWS (1,000,000: change-log rows and freeze records), BENCH_CITY_CLIENTS (200),
 *   BENCH_CITY_SECONDS (60), BENCH_CITY_CALL_EVERY_S (mean seconds between one agent's calls, 20),
 *   BENCH_CITY_INSTANCES (2)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Mutation } from '../../shared/sync/mutations';
import { hashPassword } from '../../server/auth/password';
import { DEFAULT_SERVER_CONFIG } from '../../server/config';
import { openDatabase } from '../../server/db/open-database';
import { syntheticAccount, syntheticFreezeInsertSql, syntheticHolderName, syntheticIdNumber, syntheticPhone } from '../../server/freeze/synthetic-freeze';
import { startPostgres } from '../rig/postgres';
import { startRecordStore, type RecordStore } from '../rig/record-store';
import { CityWorkstation, SampleLog, type Sample } from './city-client';

const ROWS = Number(process.env.BENCH_CITY_ROWS ?? 1_000_000);
const CLIENTS = Number(process.env.BENCH_CITY_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_CITY_SECONDS ?? 60);
/** 150 calls in an 8-hour shift is one every ~190 s; sped up ~10× by default. */
const CALL_EVERY_S = Number(process.env.BENCH_CITY_CALL_EVERY_S ?? 20);
/** Record store instances on the one database (2; 1 to measure what the second adds). */
const INSTANCES = Number(process.env.BENCH_CITY_INSTANCES ?? 2);
const UNITS = 20;
const SUPERVISORS = Math.max(1, Math.round(CLIENTS / 50));
const PASSWORD = 'city-bench-password';

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Exponential wait with mean `meanMs` (calls arrive as a Poisson process). */
const expWait = (meanMs: number) => -Math.log(1 - Math.random()) * meanMs;

/** Seeds units, users, the change log and the freeze records in SQL (no per-row HTTP). */
async function seed(url: string): Promise<{ maxSeq: number; agents: string[]; supervisors: string[] }> {
  const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
  await db.migrate();
  await db.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = Date.now();
    const { rows: [city] } = await client.query<{ id: string }>(`INSERT INTO org_units (code, name, kind) VALUES ('city', 'City centre', 'city') RETURNING id`);
    const units = (
      await client.query<{ id: string }>(
        `INSERT INTO org_units (code, name, kind, parent_id) SELECT 'district-' || n, 'District ' || n, 'district', $1 FROM generate_series(1, ${UNITS}) AS n RETURNING id`,
        [city!.id],
      )
    ).rows.map((r) => r.id);
    const hash = await hashPassword(PASSWORD, DEFAULT_SERVER_CONFIG.argon2);
    const agents: string[] = [];
    const supervisors: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const supervisor = i < SUPERVISORS;
      const username = supervisor ? `city-super-${i}` : `city-agent-${i}`;
      await client.query(`INSERT INTO users (username, password_hash, role, org_unit_id, display_name) VALUES ($1, $2, $3, $4, $1)`, [
        username,
        hash,
        supervisor ? 'supervisor' : 'call-taker',
        supervisor ? city!.id : units[i % UNITS],
      ]);
      (supervisor ? supervisors : agents).push(username);
    }
    // A year of history: call records spread over the districts, each with a client-shaped state.
    await client.query(
      `INSERT INTO change_log (seq, entity, entity_id, org_unit_id, data, at)
       SELECT n, 'callRecord', md5(n::text)::uuid::text, (ARRAY[${units.map((u) => `'${u}'::uuid`).join(',')}])[1 + n % ${UNITS}],
              jsonb_build_object('id', md5(n::text)::uuid, 'sipCallId', 'seed-' || n || '@city', 'direction', 'inbound', 'remoteNumber', '1380013' || lpad((n % 10000)::text, 4, '0'),
                                 'dialedNumber', '96110', 'startedAt', 1735689600000 + n * 30000, 'answeredAt', 1735689605000 + n * 30000, 'endedAt', 1735689900000 + n * 30000, 'endReason', 'remote-hangup'),
              now() - interval '1 day'
       FROM generate_series(1::bigint, ${ROWS}::bigint) AS n`,
    );
    await client.query(`SELECT setval(pg_get_serial_sequence('change_log', 'seq'), ${ROWS})`);
    // The history was compacted before (a running centre's log is): compaction looks only at what the shift adds.
    await client.query(`INSERT INTO sync_state (key, value) VALUES ('superseded_checked_through', ${ROWS}) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
    await client.query(syntheticFreezeInsertSql(1, ROWS, 'city-bench'));
    await client.query('ANALYZE');
    console.log(`city: seeded ${ROWS.toLocaleString('en')} change-log rows, ${ROWS.toLocaleString('en')} freeze records, ${UNITS} districts, ${CLIENTS} users in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { maxSeq: ROWS, agents, supervisors };
  } finally {
    await client.end();
  }
}

function lookupProbe(n: number): { by: string; value: string; partialNumber?: string } {
  const i = 1 + Math.floor(Math.random() * ROWS);
  switch (n % 4) {
    case 0:
      return { by: 'account', value: syntheticAccount(i) };
    case 1:
      return { by: 'idNumber', value: syntheticIdNumber(i) };
    case 2:
      return { by: 'phone', value: syntheticPhone(i) };
    default:
      return { by: 'name', value: syntheticHolderName(i), partialNumber: syntheticAccount(i).slice(-4) };
  }
}

const mid = () => randomUUID();

/** One handled call as the outbox sends it: three pushes (answer, during, wrap-up). */
function callPushes(agentSince: number): Mutation[][] {
  const now = Date.now();
  const record = { id: mid(), sipCallId: `city-${mid()}@127.0.0.1`, direction: 'inbound' as const, remoteNumber: `1380013${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`, dialedNumber: '96110', startedAt: now, answeredAt: null, endedAt: null, endReason: null };
  const caseId = mid();
  const answered = { ...record, answeredAt: now + 3000 };
  const note = (index: number, text: string) => ({ mutationId: mid(), name: 'noteSegment.append', args: { id: mid(), callRecordId: record.id, index, text, createdAt: now + 10_000 * (index + 1) } }) as Mutation;
  return [
    [
      { mutationId: mid(), name: 'agentState.set', args: { state: 'on-call', reason: null, since: agentSince } },
      { mutationId: mid(), name: 'callRecord.upsert', args: answered },
      { mutationId: mid(), name: 'case.open', args: { id: caseId, callRecordId: record.id, callerNumber: `+86${record.remoteNumber}`, callType: 'unclassified', createdAt: now + 3000, fields: { direction: 'inbound' } } },
    ] as Mutation[],
    [
      note(0, '来电人称银行卡被冻结，无法转出，询问原因。'),
      { mutationId: mid(), name: 'case.setFields', args: { caseId, callType: 'freeze-inquiry', fields: { institution: '工商银行', symptom: 'cannot-transfer-out', accountType: 'debit-card', accountNumberMasked: '622700******1234' } } },
      note(1, '已核实身份，告知联系冻结机关。'),
    ] as Mutation[],
    [
      { mutationId: mid(), name: 'case.setFields', args: { caseId, disposition: 'resolved', fields: { identityCheck: 'id-number-read-back', fundsRole: 'victim', guidance: ['contact-authority'], escalation: 'none' } } },
      { mutationId: mid(), name: 'callRecord.upsert', args: { ...answered, endedAt: now + 300_000, endReason: 'remote-hangup' } },
      { mutationId: mid(), name: 'case.finalise', args: { caseId, finalisedAt: now + 310_000 } },
      { mutationId: mid(), name: 'agentState.set', args: { state: 'after-call-work', reason: null, since: now + 300_000 } },
      { mutationId: mid(), name: 'agentState.set', args: { state: 'ready', reason: null, since: now + 320_000 } },
    ] as Mutation[],
  ];
}

/** An agent's shift until `endAt`: calls at random intervals, look-ups on most, a pull after each push as the poke would cause. */
async function agentShift(ws: CityWorkstation, endAt: number): Promise<number> {
  let calls = 0;
  await sleep(Math.random() * CALL_EVERY_S * 1000);
  while (Date.now() < endAt) {
    const [answer, during, wrapUp] = callPushes(Date.now());
    await ws.push(answer!);
    if (Math.random() < 0.7) await ws.lookup(lookupProbe(calls));
    await ws.push(during!);
    await ws.pull();
    if (Math.random() < 0.3) await ws.lookup(lookupProbe(calls + 1));
    await ws.push(wrapUp!);
    if (Math.random() < 0.1) await ws.warnings();
    calls += 1;
    await sleep(Math.min(expWait(CALL_EVERY_S * 1000), Math.max(0, endAt - Date.now())));
    await ws.pull();
  }
  return calls;
}

/** A supervisor's desk: the whole city's changes every few seconds and the warning queue. */
async function supervisorShift(ws: CityWorkstation, endAt: number): Promise<void> {
  while (Date.now() < endAt) {
    await ws.pull(10);
    if (Math.random() < 0.2) await ws.warnings();
    await sleep(2000 + Math.random() * 1000);
  }
}

function summary(samples: Sample[], kind: Sample['kind']): string {
  const ok = samples.filter((s) => s.kind === kind && s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
  return `${kind.padEnd(9)} n=${String(ok.length).padStart(6)}  p50 ${percentile(ok, 0.5).toFixed(1).padStart(7)} ms  p99 ${percentile(ok, 0.99).toFixed(1).padStart(7)} ms`;
}

async function main(): Promise<void> {
  const postgres = await startPostgres();
  const stores: RecordStore[] = [];
  const watch = new pg.Client({ connectionString: postgres.url });
  try {
    const { maxSeq, agents, supervisors } = await seed(postgres.url);
    const compactions: string[] = [];
    const env = { LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT_MAX: '100000', COMPACTION_INTERVAL_MS: String(Math.max(5000, Math.round((SECONDS * 1000) / 4))), APPLIED_RESULT_GRACE_MS: String(Math.round((SECONDS * 1000) / 6)) };
    for (let i = 0; i < INSTANCES; i++) {
      const store = await startRecordStore({ databaseUrl: postgres.url, seedDemo: false, env });
      store.process.child.stderr?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) if (line.includes('compacted change log')) compactions.push(line.replace(/.*compacted change log /, ''));
      });
      stores.push(store);
    }
    await watch.connect();
    const log = new SampleLog();
    const desks = [...supervisors, ...agents].map((username, i) => new CityWorkstation(stores[i % INSTANCES]!.url, username, PASSWORD, log, maxSeq));
    // Sign in a few at a time (argon2 at production cost is the one deliberately slow request).
    for (let i = 0; i < desks.length; i += 8) await Promise.all(desks.slice(i, i + 8).map((d) => d.signIn()));
    const [{ n: logBefore }] = (await watch.query<{ n: string }>('SELECT count(*) AS n FROM change_log')).rows as [{ n: string }];
    const appliedBefore = Number((await watch.query<{ n: string }>('SELECT count(*) AS n FROM applied_mutations')).rows[0]!.n);

    // How often a push waits on the change-log lock: sampled every 100 ms.
    let lockSamples = 0;
    let lockWaiters = 0;
    let lockWaitingSamples = 0;
    let sampling = true;
    const holders = new Map<string, number>();
    const holderStates = new Map<string, number>();
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await watch.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 96110002 AND NOT granted`);
        lockSamples += 1;
        lockWaiters += rows[0]!.n;
        if (rows[0]!.n > 0) lockWaitingSamples += 1;
        if (rows[0]!.n > 0) {
          // What the holder is doing: 'active' is database work, 'idle in transaction' is waiting for its record store's next statement.
          const held = await watch.query<{ q: string; state: string }>(`SELECT left(a.query, 60) AS q, a.state FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.objid = 96110002 AND l.granted`);
          for (const h of held.rows) {
            holderStates.set(h.state, (holderStates.get(h.state) ?? 0) + 1);
            if (process.env.BENCH_CITY_LOCK_HOLDER) holders.set(`${h.state} ${h.q}`, (holders.get(`${h.state} ${h.q}`) ?? 0) + 1);
          }
        }
        await sleep(100);
      }
    })();

    const started = Date.now();
    const endAt = started + SECONDS * 1000;
    const supervisorDesks = desks.slice(0, supervisors.length);
    const agentDesks = desks.slice(supervisors.length);
    const [callCounts] = await Promise.all([Promise.all(agentDesks.map((d) => agentShift(d, endAt))), Promise.all(supervisorDesks.map((d) => supervisorShift(d, endAt)))]);
    const elapsed = (Date.now() - started) / 1000;
    sampling = false;
    await sampler;

    const [{ n: logAfter, max }] = (await watch.query<{ n: string; max: string }>('SELECT count(*) AS n, max(seq) AS max FROM change_log')).rows as [{ n: string; max: string }];
    const appliedAfter = Number((await watch.query<{ n: string }>('SELECT count(*) AS n FROM applied_mutations')).rows[0]!.n);
    const calls = callCounts.reduce((a, b) => a + b, 0);
    const pushed = desks.reduce((a, d) => a + d.pushedMutations, 0);
    const pulled = desks.reduce((a, d) => a + d.pulledChanges, 0);
    const samples = log.samples.filter((s) => s.kind !== 'login');
    const byStatus = new Map<string, number>();
    for (const e of log.errors) byStatus.set(`${e.kind} ${e.status}`, (byStatus.get(`${e.kind} ${e.status}`) ?? 0) + 1);

    console.log(`city: ${CLIENTS} workstations (${supervisors.length} supervisors) on ${INSTANCES} record store(s), ${elapsed.toFixed(0)} s, ${calls} calls (${((calls / elapsed) * 60).toFixed(0)}/min, one per agent every ~${CALL_EVERY_S} s)`);
    for (const kind of ['push', 'pull', 'lookup', 'warnings'] as const) console.log(`city: ${summary(samples, kind)}`);
    console.log(`city: pushed ${pushed} mutations (${(pushed / elapsed).toFixed(0)}/s), pulled ${pulled} changes; requests ${samples.length} (${(samples.length / elapsed).toFixed(0)}/s)`);
    console.log(`city: errors ${log.errors.length}${byStatus.size ? ` (${[...byStatus].map(([k, n]) => `${k}: ${n}`).join(', ')}); first: ${log.errors[0]?.detail}` : ''}`);
    console.log(`city: change log ${Number(logBefore).toLocaleString('en')} → ${Number(logAfter).toLocaleString('en')} rows (+${Number(logAfter) - Number(logBefore)}), seq ${maxSeq} → ${max}; applied_mutations ${appliedBefore} → ${appliedAfter}`);
    const runs = compactions.flatMap((line) => {
      try {
        return [JSON.parse(line) as { superseded: number; tombstones: number; appliedPruned: number }];
      } catch {
        return [];
      }
    });
    const total = (key: 'superseded' | 'tombstones' | 'appliedPruned') => runs.reduce((a, r) => a + (r[key] ?? 0), 0);
    console.log(`city: compaction runs during the shift: ${runs.length} (all instances): ${total('superseded')} superseded change-log rows, ${total('tombstones')} tombstones, ${total('appliedPruned')} acknowledged push results pruned`);
    if (holders.size) console.log([...holders].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([q, n]) => `  ${n} × ${q}`).join('\n'));
    const holderTotal = [...holderStates.values()].reduce((a, b) => a + b, 0);
    const holderSplit = [...holderStates].map(([state, n]) => `${state} ${((n / Math.max(1, holderTotal)) * 100).toFixed(0)} %`).join(', ');
    console.log(`city: change-log lock: pushes waiting in ${((lockWaitingSamples / Math.max(1, lockSamples)) * 100).toFixed(0)} % of ${lockSamples} samples, ${(lockWaiters / Math.max(1, lockSamples)).toFixed(2)} waiting on average; the holder meanwhile: ${holderSplit || 'none seen'}`);
  } finally {
    await watch.end().catch(() => undefined);
    await Promise.all(stores.map((s) => s.stop()));
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
