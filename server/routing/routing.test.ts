import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentStateName } from '../../shared/schemas/agent-state';
import { BACKENDS, FIXTURE_PASSWORD, TEST_CONFIG, useBackend, type FixtureUser } from '../../test/rig/db-backends';
import { batch } from '../../test/rig/mutation-builders';
import { buildApp } from '../app';
import type { RoutingConfig } from './routing-config';

const T0 = Date.UTC(2026, 10, 21, 3, 0, 0);

describe.each(BACKENDS)('call routing on %s', (kind) => {
  const t = useBackend(kind);
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  let clock = T0;

  /** An app over the test database with a pinned routing clock and optional routing settings. */
  const pbx = async (routing: Partial<RoutingConfig> = {}) => {
    clock = T0;
    const app = buildApp({ db: t.db, config: { ...TEST_CONFIG, routing: { ringMs: 10_000, retryMs: 1000, maxWaitMs: 60_000, now: () => clock, ...routing } } });
    await app.ready();
    apps.push(app);
    const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await app.inject({ method: 'POST', url: `/api/v1/routing/${url}`, payload: body as object, headers });
      return { status: res.statusCode, body: res.headers['content-type']?.startsWith('application/json') ? res.json() : res.body };
    };
    const get = async (url: string, token: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/routing/${url}`, headers: { authorization: `Bearer ${token}` } });
      return { status: res.statusCode, body: res.json() };
    };
    return {
      post,
      get,
      next: async (callId: string, caller = '13800138000') => (await post('next', { callId, caller })).body,
      report: async (callId: string, outcome: string, extension?: string) => (await post('report', { callId, outcome, extension })).body,
    };
  };
  /** Sets an agent's state through the workstation's own sync path. */
  const setState = async (user: FixtureUser, state: AgentStateName, since = clock) => {
    const res = await t.call('POST', '/api/v1/sync/push', {
      token: await t.login(user),
      body: batch([{ mutationId: randomUUID(), name: 'agentState.set', args: { state, reason: state === 'not-ready' ? 'meal' : null, since } }]),
    });
    expect(res.status).toBe(200);
  };

  it('offers only ready agents, longest idle first, and never one in not-ready or after-call work', async () => {
    const p = await pbx();
    await setState('agentA1', 'not-ready', T0 - 60_000);
    await setState('agentA2', 'after-call-work', T0 - 60_000);
    await setState('agentB1', 'ready', T0 - 1000);
    expect(await p.next('c1')).toMatchObject({ decision: 'offer', extension: '2001', ringMs: 10_000 });
    // Both ready now: A1 has been idle longer than A2.
    await setState('agentA2', 'ready', T0 - 5000);
    await setState('agentA1', 'ready', T0 - 9000);
    expect(await p.next('c2')).toMatchObject({ decision: 'offer', extension: '1001' });
    expect(await p.next('c3')).toMatchObject({ decision: 'offer', extension: '1002' });
    // Everyone is reserved: the fourth caller waits.
    expect(await p.next('c4')).toEqual({ decision: 'wait', retryMs: 1000, position: 1 });
    // The caller's own extension is never offered its own call.
    await p.report('c1', 'abandoned');
    expect(await p.next('c5', '2001')).toMatchObject({ decision: 'wait' });
  });

  it('gives two simultaneous calls two different agents, and one agent to only one of them', async () => {
    const p = await pbx();
    await setState('agentA1', 'ready', T0 - 2000);
    await setState('agentA2', 'ready', T0 - 1000);
    const many = await Promise.all(['x1', 'x2', 'x3', 'x4'].map((id) => p.next(id)));
    const offered = many.filter((d) => d.decision === 'offer').map((d) => d.extension);
    expect(offered.sort()).toEqual(['1001', '1002']);
    expect(many.filter((d) => d.decision === 'wait')).toHaveLength(2);
  });

  it('holds callers in arrival order and gives the first agent who becomes ready to the oldest', async () => {
    const p = await pbx();
    expect(await p.next('q1')).toMatchObject({ decision: 'wait', position: 1 });
    clock += 500;
    expect(await p.next('q2')).toMatchObject({ decision: 'wait', position: 2 });
    clock += 500;
    await setState('agentA1', 'ready');
    // The younger call asks first but must leave the agent to the older one.
    expect(await p.next('q2')).toMatchObject({ decision: 'wait', position: 2 });
    expect(await p.next('q1')).toMatchObject({ decision: 'offer', extension: '1001' });
    // A waiting caller the PBX stopped asking about (gone) no longer holds the queue.
    await setState('agentA2', 'ready');
    clock += 10_000;
    expect(await p.next('q3')).toMatchObject({ decision: 'offer', extension: '1002' });
  });

  it('moves on after no answer, rests the agent, and keeps an agent who answered busy until their state changes', async () => {
    const p = await pbx({ missedRestMs: 20_000 });
    await setState('agentA1', 'ready', T0 - 2000);
    await setState('agentA2', 'ready', T0 - 1000);
    expect(await p.next('n1')).toMatchObject({ decision: 'offer', extension: '1001' });
    expect(await p.report('n1', 'no-answer', '1001')).toEqual({ applied: true });
    expect(await p.next('n1')).toMatchObject({ decision: 'offer', extension: '1002' });
    expect(await p.report('n1', 'answered', '1002')).toEqual({ applied: true });
    // A1 rests, A2 is on the call even though its workstation has not synced 通话中 yet.
    expect(await p.next('n2')).toMatchObject({ decision: 'wait' });
    clock += 20_000;
    expect(await p.next('n2')).toMatchObject({ decision: 'offer', extension: '1001' });
    await p.report('n2', 'no-answer');
    // Resting again; pressing ready (a state change) ends the rest at once.
    expect(await p.next('n2')).toMatchObject({ decision: 'wait' });
    await setState('agentA1', 'ready');
    expect(await p.next('n2')).toMatchObject({ decision: 'offer', extension: '1001' });
    await p.report('n2', 'abandoned');
    await setState('agentA1', 'not-ready');
    // A2 went through after-call work back to ready: routable again.
    await setState('agentA2', 'after-call-work');
    expect(await p.next('n3')).toMatchObject({ decision: 'wait' });
    await setState('agentA2', 'ready');
    expect(await p.next('n3')).toMatchObject({ decision: 'offer', extension: '1002' });
    // A repeated report is ignored.
    expect(await p.report('n1', 'answered')).toEqual({ applied: false });
  });

  it('records where abandoned callers gave up and overflows after the maximum wait', async () => {
    const p = await pbx({ maxWaitMs: 30_000, overflowTarget: '96199' });
    await setState('agentA1', 'ready');
    expect(await p.next('a1')).toMatchObject({ decision: 'offer' });
    expect(await p.next('a2', '+85291234567')).toMatchObject({ decision: 'wait' });
    await p.report('a1', 'abandoned');
    await p.report('a2', 'abandoned');
    // The PBX's next ask for a call whose caller left ends its wait.
    expect(await p.next('a2')).toEqual({ decision: 'gone' });
    const rows = await t.rows(sql`SELECT call_id, state, abandoned_while FROM routing_calls ORDER BY call_id`);
    expect(rows).toEqual([
      { call_id: 'a1', state: 'abandoned', abandoned_while: 'ringing' },
      { call_id: 'a2', state: 'abandoned', abandoned_while: 'queue' },
    ]);
    await setState('agentA1', 'not-ready');
    expect(await p.next('o1')).toMatchObject({ decision: 'wait' });
    clock += 30_000;
    expect(await p.next('o1')).toEqual({ decision: 'overflow', target: '96199' });
    expect(await p.next('o2')).toMatchObject({ decision: 'wait' });
    clock += 4000;
    const queue = await p.get('queue', await t.login('superA'));
    // T0 is 11:00 in Shanghai: the four calls of the test arrived in that hour; two numbers gave up.
    const callsPerHour = Array.from({ length: 24 }, (_, h) => (h === 11 ? 4 : 0));
    expect(queue).toEqual({ status: 200, body: { waitingNow: 1, longestWaitMs: 4000, answeredToday: 0, abandonedToday: 2, serviceLevel: null, openCallbacks: 2, callsPerHour } });
    expect((await p.get('queue', await t.login('agentA1'))).status).toBe(403);
  });

  it('picks the agent with the fewest answered calls today when so configured', async () => {
    const p = await pbx({ strategy: 'fewest-calls' });
    await setState('agentA1', 'ready', T0 - 9000);
    expect(await p.next('f1')).toMatchObject({ extension: '1001' });
    await p.report('f1', 'answered');
    await setState('agentA1', 'ready', T0 - 8000);
    await setState('agentA2', 'ready', T0 - 1000);
    expect(await p.next('f2')).toMatchObject({ extension: '1002' });
  });

  it('turns abandoned calls into call-backs grouped by number until a call-back reaches the caller', async () => {
    const p = await pbx();
    await setState('agentA1', 'ready');
    expect(await p.next('m1', '13800138000')).toMatchObject({ decision: 'offer' });
    clock += 3000;
    await p.report('m1', 'abandoned');
    expect(await p.next('m2', '+85291234567')).toMatchObject({ decision: 'offer' });
    clock += 1000;
    await p.report('m2', 'abandoned');
    clock += 60_000;
    expect(await p.next('m3', '13800138000')).toMatchObject({ decision: 'offer' });
    clock += 8000;
    await p.report('m3', 'abandoned');
    // Answered calls are not missed calls.
    expect(await p.next('m4', '13900139000')).toMatchObject({ decision: 'offer' });
    await p.report('m4', 'answered');
    const token = await t.login('agentA2');
    const list = await t.call('GET', '/api/v1/routing/callbacks', { token });
    expect(list.status).toBe(200);
    expect(list.body.callbacks).toEqual([
      { number: '13800138000', missedCount: 2, firstMissedAt: T0 + 3000, lastMissedAt: T0 + 72_000, longestWaitMs: 8000, overseas: false, attempts: 0, lastAttempt: null },
      { number: '+85291234567', missedCount: 1, firstMissedAt: T0 + 4000, lastMissedAt: T0 + 4000, longestWaitMs: 1000, overseas: true, attempts: 0, lastAttempt: null },
    ]);
    const attempt = (number: string, result: string) => t.call('POST', '/api/v1/routing/callbacks/attempts', { token, body: { number, result } });
    expect((await attempt('13800138000', 'no-answer')).status).toBe(200);
    const after = await t.call('GET', '/api/v1/routing/callbacks', { token });
    expect(after.body.callbacks[0]).toMatchObject({ number: '13800138000', attempts: 1, lastAttempt: { result: 'no-answer' } });
    // Reached: the number leaves the list; the supervisor sees the rest; an auditor sees nothing.
    await attempt('13800138000', 'reached');
    const sup = await t.call('GET', '/api/v1/routing/callbacks', { token: await t.login('superA') });
    expect(sup.body.callbacks.map((c: { number: string }) => c.number)).toEqual(['+85291234567']);
    expect((await t.call('GET', '/api/v1/routing/callbacks', { token: await t.login('auditorA') })).status).toBe(403);
    expect((await attempt('not a number', 'reached')).status).toBe(400);
  });

  it('serves the centre’s wrap-up time to every workstation at sign-in', async () => {
    await pbx({ wrapUpMs: 3000 });
    const login = await apps[0]!.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agentA1', password: FIXTURE_PASSWORD } });
    expect(login.json()).toMatchObject({ desk: { wrapUpMs: 3000 } });
    // Unset: the 60 s default.
    expect((await t.call('POST', '/api/v1/auth/login', { body: { username: 'agentA2', password: FIXTURE_PASSWORD } })).body).toMatchObject({ desk: { wrapUpMs: 60_000 } });
  });

  it('answers only the PBX: its secret when set, loopback otherwise; and a text line for scripts', async () => {
    const p = await pbx({ pbxSecret: 'a-long-shared-pbx-secret' });
    expect((await p.post('next', { callId: 's1', caller: '1' })).status).toBe(403);
    expect((await p.post('next', { callId: 's1', caller: '1' }, { 'x-pbx-secret': 'wrong' })).status).toBe(403);
    await setState('agentA1', 'ready');
    const line = await p.post('next/text', { callId: 's1', caller: '1' }, { 'x-pbx-secret': 'a-long-shared-pbx-secret' });
    expect(line.status).toBe(200);
    expect(line.body).toMatch(/^offer 1001 10000 [0-9a-f-]{36}$/);
    const open = await pbx();
    const remote = await apps[apps.length - 1]!.inject({ method: 'POST', url: '/api/v1/routing/next', payload: { callId: 's2' }, remoteAddress: '10.0.0.5' });
    expect(remote.statusCode).toBe(403);
    expect(await open.next('s3')).toMatchObject({ decision: 'wait' });
    expect((await open.post('next', { callId: 'bad id with spaces' })).status).toBe(400);
  });
});
