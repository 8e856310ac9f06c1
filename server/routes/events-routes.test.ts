import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { BACKENDS, FIXTURE_PASSWORD, TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import { append, batch, callRecord, noteSegment, upsert } from '../../test/rig/mutation-builders';
import { startPostgres, type Postgres } from '../../test/rig/postgres';
import { openSse, type SseFrame, type SseTestClient } from '../../test/rig/sse-client';
import type { Database } from '../db/database';
import { hashPassword } from '../auth/password';
import type { ServerConfig } from '../config';
import { openDatabase } from '../db/open-database';
import { orgUnits, users } from '../db/schema';

const HEARTBEAT_MS = 100;
const isPoke = (seq?: number) => (f: SseFrame) => f.event === 'poke' && (seq === undefined || f.id === String(seq));

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe.each(BACKENDS)('sync events on %s', (kind) => {
  const t = useBackend(kind);
  let app: FastifyInstance;
  let base: string;
  const open: SseTestClient[] = [];
  const sse = async (token: string | null, lastEventId?: string) => {
    const client = await openSse(`${base}/api/v1/sync/events`, token, lastEventId);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    // A listening app of its own (streams need a socket) on the block's database, with a fast heartbeat.
    app = buildApp({ db: t.db, config: { ...TEST_CONFIG, sseHeartbeatMs: HEARTBEAT_MS } });
    base = await listen(app);
  });
  afterEach(() => {
    open.splice(0).forEach((c) => c.close());
  });
  afterAll(async () => {
    await app?.close();
  });

  const push = (token: string, mutations: Parameters<typeof batch>[0]) => t.call('POST', '/api/v1/sync/push', { token, body: batch(mutations) });

  it('pokes the org unit’s streams after a push, with the batch’s highest seq, and nobody else', async () => {
    const [a1, a2, b1] = [await t.login('agentA1'), await t.login('agentA2'), await t.login('agentB1')];
    const streamA = await openSse(`${base}/api/v1/sync/events`, a1, undefined, { origin: 'http://127.0.0.1:5173' });
    open.push(streamA);
    const streamB = await sse(b1);
    expect(streamA.status).toBe(200);
    expect(streamA.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    // The hijacked response still carries the CORS headers (the browser reads it with fetch from the app's origin).
    expect(streamA.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    await streamA.waitFor((f) => f.comment === 'heartbeat');
    const record = callRecord();
    const res = await push(a2, [upsert(record), append(noteSegment(record.id))]);
    expect(res.body.results.map((r: { seq: number }) => r.seq)).toEqual([1, 2]);
    const poke = await streamA.waitFor(isPoke());
    expect(poke).toEqual({ id: '2', event: 'poke', data: '{"seq":2}' });

    await push(b1, [upsert(callRecord())]);
    await streamB.waitFor(isPoke(3));
    await streamA.waitFor((f) => f.comment === 'heartbeat', 2000, streamA.frames.length);
    expect(streamB.frames.filter((f) => f.event === 'poke').map((f) => f.id)).toEqual(['3']);
    expect(streamA.frames.filter((f) => f.event === 'poke').map((f) => f.id)).toEqual(['2']);
  });

  it('a supervisor oversees the units under theirs: pulled and poked for a station’s change; a call-taker is not', async () => {
    // Unit B becomes a station under unit A (city → district → station is a tree).
    await t.rows(sql`UPDATE org_units SET parent_id = ${t.fixture.orgA} WHERE id = ${t.fixture.orgB}`);
    const [superA, a1, b1] = [await t.login('superA'), await t.login('agentA1'), await t.login('agentB1')];
    const supervisorStream = await sse(superA);
    await supervisorStream.waitFor((f) => f.comment === 'heartbeat');
    const record = callRecord();
    const res = await push(b1, [upsert(record)]);
    const seq = res.body.results[0].seq as number;
    await supervisorStream.waitFor(isPoke(seq));

    const supervisorPull = await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: superA });
    expect(supervisorPull.body.changes.map((c: { id: string }) => c.id)).toContain(record.id);
    const agentPull = await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: a1 });
    expect(agentPull.body.changes.map((c: { id: string }) => c.id)).not.toContain(record.id);
    // The station's own call-taker still sees it, and the parent link does not leak upwards.
    const stationPull = await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: b1 });
    expect(stationPull.body.changes.map((c: { id: string }) => c.id)).toContain(record.id);
  });

  it('honours Last-Event-ID: pokes at once when the unit moved on, stays quiet when it did not', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    await push(token, [upsert(record), append(noteSegment(record.id))]);
    const behind = await sse(token, '1');
    expect(await behind.waitFor(isPoke())).toMatchObject({ id: '2' });
    const current = await sse(token, '2');
    // Several heartbeats pass with no poke.
    await current.waitFor((f) => f.comment === 'heartbeat');
    await current.waitFor((f) => f.comment === 'heartbeat', 2000, current.frames.findIndex((f) => f.comment === 'heartbeat') + 1);
    expect(current.frames.some((f) => f.event === 'poke')).toBe(false);
    // A client without an id learns the current position.
    expect(await (await sse(token)).waitFor(isPoke())).toMatchObject({ id: '2' });
  });

  it('refuses a missing token (401) and a malformed Last-Event-ID (400 naming the header)', async () => {
    expect((await sse(null)).status).toBe(401);
    const token = await t.login('agentA1');
    const bad = await t.call('GET', '/api/v1/sync/events', { token, headers: { 'last-event-id': 'abc' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)).toEqual(['last-event-id']);
  });

  it('ends a stream within a heartbeat or two when its user is disabled', async () => {
    const token = await t.login('agentA1');
    const stream = await sse(token);
    await stream.waitFor((f) => f.comment === 'heartbeat');
    const admin = await t.login('adminA');
    expect((await t.call('POST', `/api/v1/users/${t.fixture.users.agentA1}/disable`, { token: admin, body: { reason: '离职' } })).status).toBe(204);
    const started = Date.now();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ends open streams when the app closes instead of hanging', async () => {
    const other = buildApp({ db: t.db, config: { ...TEST_CONFIG, sseHeartbeatMs: HEARTBEAT_MS } });
    const url = await listen(other);
    const token = await t.login('agentA1');
    const stream = await openSse(`${url}/api/v1/sync/events`, token);
    open.push(stream);
    await stream.waitFor((f) => f.comment === 'heartbeat');
    const started = Date.now();
    await other.close();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('sync events across two instances on one PostgreSQL', () => {
  let postgres: Postgres;
  const dbs: Database[] = [];
  const apps: FastifyInstance[] = [];
  let stream: SseTestClient | undefined;

  beforeAll(async () => {
    postgres = await startPostgres();
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase({ databaseUrl: postgres.url, poolSize: 2 });
      await db.migrate();
      dbs.push(db);
      apps.push(buildApp({ db, config: { ...TEST_CONFIG, sseHeartbeatMs: HEARTBEAT_MS } }));
    }
  });
  afterAll(async () => {
    stream?.close();
    for (const app of apps) await app.close();
    for (const db of dbs) await db.close();
    await postgres?.stop();
  });

  it('a stream on instance B is poked for a push made through instance A', async () => {
    const [unit] = await dbs[0]!.orm.insert(orgUnits).values({ code: 'sse-unit', name: 'SSE unit', kind: 'city' }).returning({ id: orgUnits.id });
    const passwordHash = await hashPassword(FIXTURE_PASSWORD, TEST_CONFIG.argon2 as ServerConfig['argon2']);
    await dbs[0]!.orm.insert(users).values({ username: 'sse-agent', passwordHash, role: 'call-taker', orgUnitId: unit!.id, displayName: 'SSE agent' });
    const [urlA, urlB] = [await listen(apps[0]!), await listen(apps[1]!)];
    const login = async (url: string) => {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sse-agent', password: FIXTURE_PASSWORD }) });
      return ((await res.json()) as { token: string }).token;
    };
    const tokenB = await login(urlB);
    stream = await openSse(`${urlB}/api/v1/sync/events`, tokenB);
    await stream.waitFor((f) => f.comment === 'heartbeat');
    const tokenA = await login(urlA);
    const res = await fetch(`${urlA}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenA}` },
      body: JSON.stringify(batch([upsert(callRecord())])),
    });
    const body = (await res.json()) as { results: Array<{ seq: number }> };
    expect(res.status).toBe(200);
    const poke = await stream.waitFor(isPoke());
    expect(Number(poke.id)).toBe(body.results[0]!.seq);
  });
});
