import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { shanghaiDayBounds, shanghaiDayOf, SupervisorBoardSchema, SupervisorWorkloadSchema } from '../../shared/schemas/supervisor';
import type { WarningInstructionInput } from '../../shared/schemas/warning';
import { BACKENDS, FIXTURE_PASSWORD, TEST_CONFIG, useBackend, type BackendContext } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';
import { buildApp } from '../app';
import { hashPassword } from '../auth/password';
import type { ServerConfig } from '../config';
import { orgUnits, users } from '../db/schema';
import type { WarningServerConfig } from '../warnings/grade-config';

const NOW = Date.UTC(2026, 10, 21, 3, 0, 0); // 11:00 in Shanghai
const MIN = 60_000;
let serial = 0;
const instruction = (overrides: Partial<WarningInstructionInput> = {}): WarningInstructionInput => ({
  sourceId: `SUP-${(serial += 1)}-${randomUUID()}`,
  grade: 'medium',
  personName: '王小明',
  phones: ['13800138000'],
  fraudType: 'fake-investment',
  issuedAt: NOW,
  orgUnitCode: 'city-a',
  summary: '',
  ...overrides,
});

/** A police station under unit A with one call-taker; returns the station and the officer's id and token. */
async function addStation(t: BackendContext): Promise<{ stationId: string; officerId: string; token: string }> {
  const [station] = await t.db.orm.insert(orgUnits).values({ code: 'station-a1', name: '城南派出所', kind: 'station', parentId: t.fixture.orgA }).returning({ id: orgUnits.id });
  const passwordHash = await hashPassword(FIXTURE_PASSWORD, TEST_CONFIG.argon2 as ServerConfig['argon2']);
  const [officer] = await t.db.orm
    .insert(users)
    .values({ username: 'officerS1', passwordHash, role: 'call-taker', orgUnitId: station?.id as string, displayName: '民警甲' })
    .returning({ id: users.id });
  const login = await t.call('POST', '/api/v1/auth/login', { body: { username: 'officerS1', password: FIXTURE_PASSWORD } });
  return { stationId: station?.id as string, officerId: officer?.id as string, token: login.body.token };
}

describe.each(BACKENDS)('supervisor view on %s', (kind) => {
  const t = useBackend(kind);
  const extraApps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(extraApps.splice(0).map((a) => a.close()));
  });
  /** An app over the same database with a pinned warning clock. */
  const appAt = async (now: number) => {
    const app = buildApp({ db: t.db, config: { ...TEST_CONFIG, warnings: { now: () => now } as Partial<WarningServerConfig> } });
    await app.ready();
    extraApps.push(app);
    return async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
      const res = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
      return { status: res.statusCode, body: res.json() };
    };
  };
  const ingest = async (items: WarningInstructionInput[]): Promise<string[]> => {
    const res = await t.call('POST', '/api/v1/ingest/warning-instructions', { token: await t.login('adminA'), body: { instructions: items } });
    expect(res.body.failed, JSON.stringify(res.body)).toBe(0);
    return res.body.rows.map((r: { id: string }) => r.id);
  };
  const move = async (token: string, id: string, steps: object[]) => {
    for (const step of steps) {
      const res = await t.call('POST', `/api/v1/warning-instructions/${id}/transition`, { token, body: step });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  };
  const toOutcome = (outcome: string) => [
    { action: 'sign', expectedState: 'issued' },
    { action: 'call', expectedState: 'signed-for' },
    { action: 'outcome', expectedState: 'calling', outcome },
  ];

  it('board: counts open instructions of the subtree by grade × state, lists overdue oldest first, and shows agents’ states', async () => {
    const station = await addStation(t);
    const [highLate, extremeFresh, mediumLate, lowFresh, stationHigh, , doneHigh, voided] = await ingest([
      instruction({ grade: 'high', issuedAt: NOW - 90 * MIN }),
      instruction({ grade: 'extreme', issuedAt: NOW - 10 * MIN }),
      instruction({ grade: 'medium', issuedAt: NOW - 300 * MIN }),
      instruction({ grade: 'low', issuedAt: NOW - 60 * MIN }),
      instruction({ grade: 'high', issuedAt: NOW - 120 * MIN, orgUnitCode: 'station-a1' }),
      instruction({ grade: 'extreme', issuedAt: NOW - 999 * MIN, orgUnitCode: 'district-b' }),
      instruction({ grade: 'high', issuedAt: NOW - 500 * MIN }),
      instruction({ grade: 'high', issuedAt: NOW - 600 * MIN }),
    ]);
    const [a1, sup] = [await t.login('agentA1'), await t.login('superA')];
    await move(a1, doneHigh as string, toOutcome('dissuaded'));
    await move(sup, voided as string, [{ action: 'void', expectedState: 'issued', reason: '重复指令' }]);
    const pushed = await t.call('POST', '/api/v1/sync/push', { token: a1, body: batch([{ mutationId: randomUUID(), name: 'agentState.set', args: { state: 'on-call', reason: null, since: NOW - 5 * MIN } }]) });
    expect(pushed.status).toBe(200);

    const call = await appAt(NOW);
    const res = await call('GET', '/api/v1/supervisor/board', sup);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const board = SupervisorBoardSchema.parse(res.body);
    expect(board.at).toBe(NOW);
    expect(board.counts).toEqual([
      { grade: 'extreme', state: 'issued', count: 1 },
      { grade: 'high', state: 'issued', count: 2 },
      { grade: 'high', state: 'dissuaded', count: 1 },
      { grade: 'medium', state: 'issued', count: 1 },
      // The automatic low-grade SMS has already gone out.
      { grade: 'low', state: 'sms-sent', count: 1 },
    ]);
    expect(board.openTotal).toBe(6);
    expect(board.overdueTotal).toBe(3);
    expect(board.overdue.map((o) => o.id)).toEqual([mediumLate, stationHigh, highLate]);
    expect(board.overdue[0]).toMatchObject({ overdue: true, overdueAt: NOW - 300 * MIN + 240 * MIN, grade: 'medium', personName: '王小明' });
    expect(board.open.map((o) => o.id)).toEqual([extremeFresh, doneHigh, stationHigh, highLate, mediumLate, lowFresh]);
    expect(board.open.find((o) => o.id === doneHigh)?.overdue).toBe(false);
    expect(board.open[0]).not.toHaveProperty('phones');

    const agents = Object.fromEntries(board.agents.map((a) => [a.username, a]));
    expect(Object.keys(agents).sort()).toEqual(['agentA1', 'agentA2', 'officerS1', 'superA']);
    expect(agents.agentA1).toMatchObject({ state: 'on-call', since: NOW - 5 * MIN, role: 'call-taker' });
    expect(agents.agentA2).toMatchObject({ state: 'offline', since: null });
    expect(agents.officerS1).toMatchObject({ orgUnitId: station.stationId });

    // An hour later the fresh extreme one is overdue too.
    const later = SupervisorBoardSchema.parse((await (await appAt(NOW + 60 * MIN))('GET', '/api/v1/supervisor/board', sup)).body);
    expect(later.overdue.map((o) => o.id)).toEqual([mediumLate, stationHigh, highLate, extremeFresh]);
  });

  it('workload: calls answered, talk time and instructions finished per agent of the day; other days and units do not count', async () => {
    const day = shanghaiDayOf(Date.now());
    const { from, to } = shanghaiDayBounds(day);
    const [a1, a2, b1, sup] = [await t.login('agentA1'), await t.login('agentA2'), await t.login('agentB1'), await t.login('superA')];
    const calls = [
      callRecord({ startedAt: from + 1000, answeredAt: from + 2000, endedAt: from + 2000 + 5 * MIN, endReason: 'remote-hangup' }),
      callRecord({ startedAt: from + 10 * MIN, answeredAt: from + 10 * MIN, endedAt: from + 13 * MIN, endReason: 'local-hangup' }),
      callRecord({ startedAt: to - 2000, answeredAt: to - 1000, endedAt: null }), // still talking: a call, no talk time yet
      callRecord({ startedAt: from - 10 * MIN, answeredAt: from - 9 * MIN, endedAt: from - 1 * MIN, endReason: 'remote-hangup' }), // the day before
      callRecord({ startedAt: from + 20 * MIN, answeredAt: null, endedAt: from + 21 * MIN, endReason: 'missed' }),
    ];
    expect((await t.call('POST', '/api/v1/sync/push', { token: a1, body: batch(calls.map((c) => upsert(c))) })).status).toBe(200);
    await t.call('POST', '/api/v1/sync/push', { token: a2, body: batch([upsert(callRecord({ startedAt: from + 1000, answeredAt: from + 1000, endedAt: from + 61_000, endReason: 'remote-hangup' }))]) });
    await t.call('POST', '/api/v1/sync/push', { token: b1, body: batch([upsert(callRecord({ startedAt: from + 1000, answeredAt: from + 1000, endedAt: from + 61_000, endReason: 'remote-hangup' }))]) });

    const [i1, i2, i3, i4] = await ingest([instruction(), instruction(), instruction(), instruction()]);
    await move(a1, i1 as string, toOutcome('dissuaded'));
    await move(a1, i2 as string, toOutcome('unreachable'));
    await move(a1, i3 as string, [{ action: 'sign', expectedState: 'issued' }]); // signed only: not finished
    await move(a2, i4 as string, toOutcome('dissuaded'));

    const res = await t.call('GET', `/api/v1/supervisor/workload?date=${day}`, { token: sup });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const workload = SupervisorWorkloadSchema.parse(res.body);
    expect(workload).toMatchObject({ date: day, from, to });
    const by = Object.fromEntries(workload.agents.map((a) => [a.username, a]));
    expect(Object.keys(by).sort()).toEqual(['agentA1', 'agentA2', 'superA']);
    expect(by.agentA1).toMatchObject({ calls: 3, talkMs: 5 * MIN + 3 * MIN, instructionsClosed: 2, dissuaded: 1 });
    expect(by.agentA2).toMatchObject({ calls: 1, talkMs: 60_000, instructionsClosed: 1, dissuaded: 1 });
    expect(by.superA).toMatchObject({ calls: 0, talkMs: 0, instructionsClosed: 0 });

    // The day before: only the late call of the evening.
    const before = SupervisorWorkloadSchema.parse((await t.call('GET', `/api/v1/supervisor/workload?date=${shanghaiDayOf(from - 1)}`, { token: sup })).body);
    expect(before.agents.find((a) => a.username === 'agentA1')).toMatchObject({ calls: 1, talkMs: 8 * MIN, instructionsClosed: 0 });
  });

  it('workload: the default day is today in Shanghai by the server clock; a bad date is a 400 naming the field', async () => {
    const sup = await t.login('superA');
    const lateUtc = Date.UTC(2026, 10, 21, 17, 0, 0); // 01:00 on the 22nd in Shanghai
    const res = await (await appAt(lateUtc))('GET', '/api/v1/supervisor/workload', sup);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: '2026-11-22', from: Date.UTC(2026, 10, 21, 16, 0, 0), at: lateUtc });
    for (const [date, code] of [
      ['2026-02-30', 'date-invalid'],
      ['21/11/2026', 'date-format'],
      ['2026-1-01', 'date-format'],
      ['', 'date-format'],
    ]) {
      const bad = await t.call('GET', `/api/v1/supervisor/workload?date=${encodeURIComponent(date as string)}`, { token: sup });
      expect(bad.status, date).toBe(400);
      expect(bad.body.fields, date).toEqual({ date: code });
    }
  });

  it('reassign: a supervisor hands an open instruction to a call-taker of its unit; audited, published, pulled by the unit', async () => {
    const [id] = await ingest([instruction({ grade: 'high' })]);
    const [a1, a2, sup] = [await t.login('agentA1'), await t.login('agentA2'), await t.login('superA')];
    await move(a1, id as string, [{ action: 'sign', expectedState: 'issued' }]);
    const changesBefore = await t.count('change_log');
    const res = await t.call('POST', `/api/v1/warning-instructions/${id}/reassign`, {
      token: sup,
      body: { assigneeId: t.fixture.users.agentA2, reason: '接线员 1001 下班', expectedAssigneeId: t.fixture.users.agentA1 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id, state: 'signed-for', assigneeId: t.fixture.users.agentA2 });
    expect(await t.count('change_log')).toBe(changesBefore + 1);
    const [audit] = await t.rows(sql`SELECT actor_id, target, detail FROM audit_events WHERE detail->>'action' = 'reassign'`);
    expect(audit).toEqual({
      actor_id: t.fixture.users.superA,
      target: `warning:${id}`,
      detail: { action: 'reassign', from: 'signed-for', to: 'signed-for', assignee: { from: t.fixture.users.agentA1, to: t.fixture.users.agentA2 }, reason: '接线员 1001 下班' },
    });
    const pull = await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: a2 });
    const last = pull.body.changes.filter((c: { id: string }) => c.id === id).at(-1);
    expect(last.data.assigneeId).toBe(t.fixture.users.agentA2);
    // The new assignee can work it.
    await move(a2, id as string, [{ action: 'call', expectedState: 'signed-for' }]);
  });

  it('reassign: refusals name the field or carry the server’s state, and write nothing', async () => {
    const station = await addStation(t);
    const [id, other, voided] = await ingest([instruction(), instruction({ orgUnitCode: 'district-b' }), instruction()]);
    const [sup, a1] = [await t.login('superA'), await t.login('agentA1')];
    await move(sup, voided as string, [{ action: 'void', expectedState: 'issued', reason: '重复指令' }]);
    const snapshot = async () => ({ audit: await t.count('audit_events'), changes: await t.count('change_log'), assignees: await t.rows(sql`SELECT id, assignee_id FROM warning_instructions ORDER BY id`) });
    const before = await snapshot();
    const reassign = (target: string, body: object, token = sup) => t.call('POST', `/api/v1/warning-instructions/${target}/reassign`, { token, body });
    const { agentA2, agentB1, superA, agentA1 } = t.fixture.users;
    const cases: Array<[string, object, number, object]> = [
      [id as string, { assigneeId: agentB1, reason: '换人' }, 400, { fields: { assigneeId: 'not-a-call-taker-of-unit' } }],
      [id as string, { assigneeId: station.officerId, reason: '换人' }, 400, { fields: { assigneeId: 'not-a-call-taker-of-unit' } }],
      [id as string, { assigneeId: superA, reason: '换人' }, 400, { fields: { assigneeId: 'not-a-call-taker-of-unit' } }],
      [id as string, { assigneeId: randomUUID(), reason: '换人' }, 400, { fields: { assigneeId: 'not-a-call-taker-of-unit' } }],
      [id as string, { assigneeId: agentA2, reason: '   ' }, 400, { fields: { reason: 'reason-required' } }],
      [id as string, { assigneeId: agentA2 }, 400, { error: 'invalid' }],
      [id as string, { assigneeId: 'not-a-uuid', reason: '换人' }, 400, { error: 'invalid' }],
      [id as string, { assigneeId: agentA2, reason: '换人', expectedAssigneeId: agentA1 }, 409, { error: 'conflict', current: 'issued', currentAssigneeId: null }],
      [other as string, { assigneeId: agentA2, reason: '换人' }, 404, { error: 'not-found' }],
      [randomUUID(), { assigneeId: agentA2, reason: '换人' }, 404, { error: 'not-found' }],
      [voided as string, { assigneeId: agentA2, reason: '换人' }, 409, { error: 'invalid-transition', current: 'void' }],
    ];
    for (const [target, body, status, shape] of cases) {
      const res = await reassign(target, body);
      expect(res.status, JSON.stringify([body, res.body])).toBe(status);
      expect(res.body).toMatchObject(shape);
      expect(typeof res.body.message).toBe('string');
    }
    expect((await reassign(id as string, { assigneeId: agentA2, reason: '换人' }, a1)).status).toBe(403);
    expect(await snapshot()).toEqual(before);

    expect((await reassign(id as string, { assigneeId: agentA2, reason: '换人' })).status).toBe(200);
    const again = await reassign(id as string, { assigneeId: agentA2, reason: '换人' });
    expect(again).toMatchObject({ status: 409, body: { error: 'precondition-failed', currentAssigneeId: agentA2 } });
  });
});
