import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { smsRuleViolations } from '../../shared/schemas/template';
import { WarningListResponseSchema, type WarningInstructionInput } from '../../shared/schemas/warning';
import { BACKENDS, FIXTURE_PASSWORD, TEST_CONFIG, useBackend, type BackendContext } from '../../test/rig/db-backends';
import { buildApp } from '../app';
import { hashPassword } from '../auth/password';
import type { ServerConfig } from '../config';
import { orgUnits, users } from '../db/schema';
import type { WarningServerConfig } from './grade-config';

const INGEST = '/api/v1/ingest/warning-instructions';
const LIST = '/api/v1/warning-instructions';
const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);
const MIN = 60_000;

let serial = 0;
const instruction = (overrides: Partial<WarningInstructionInput> = {}): WarningInstructionInput => ({
  sourceId: `CITY-${Date.now()}-${(serial += 1)}`,
  grade: 'medium',
  personName: '王小明',
  phones: ['13800138000'],
  fraudType: 'fake-investment',
  summary: '与涉诈号码通话 12 分钟',
  issuedAt: T0,
  orgUnitCode: 'city-a',
  ...overrides,
});

/** A police station under unit A with one officer, signed in. */
async function addStation(t: BackendContext): Promise<{ stationId: string; token: string }> {
  const [station] = await t.db.orm.insert(orgUnits).values({ code: 'station-a1', name: '城南派出所', kind: 'station', parentId: t.fixture.orgA }).returning({ id: orgUnits.id });
  const passwordHash = await hashPassword(FIXTURE_PASSWORD, TEST_CONFIG.argon2 as ServerConfig['argon2']);
  await t.db.orm.insert(users).values({ username: 'officerS1', passwordHash, role: 'call-taker', orgUnitId: station?.id as string, displayName: '民警甲' });
  const login = await t.call('POST', '/api/v1/auth/login', { body: { username: 'officerS1', password: FIXTURE_PASSWORD } });
  return { stationId: station?.id as string, token: login.body.token };
}

describe.each(BACKENDS)('warning instructions on %s', (kind) => {
  const t = useBackend(kind);
  const extraApps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(extraApps.splice(0).map((a) => a.close()));
  });
  /** An app over the same database with its own warning settings (clock, auto-SMS switch). */
  const appWith = async (warnings: Partial<WarningServerConfig>) => {
    const app = buildApp({ db: t.db, config: { ...TEST_CONFIG, warnings } });
    await app.ready();
    extraApps.push(app);
    return async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
      const res = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
      return { status: res.statusCode, body: res.json() };
    };
  };
  const ingest = async (items: unknown[]) => t.call('POST', INGEST, { token: await t.login('adminA'), body: { instructions: items } });
  const move = (token: string, id: string, body: object) => t.call('POST', `${LIST}/${id}/transition`, { token, body });

  it('delivers an ingested instruction to its unit’s list and pull, not to another unit’s, and re-ingest changes nothing', async () => {
    const item = instruction();
    const first = await ingest([item, instruction({ grade: 'severe' as never, orgUnitCode: 'city-a' }), instruction({ orgUnitCode: 'nowhere' })]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 1, unchanged: 0, failed: 2 });
    expect(first.body.rows[1]).toMatchObject({ row: 2, status: 'error', errors: [{ field: 'grade' }] });
    expect(first.body.rows[2]).toMatchObject({ row: 3, status: 'error', errors: [{ field: 'orgUnitCode' }] });
    const id = first.body.rows[0].id;

    const [a1, b1] = [await t.login('agentA1'), await t.login('agentB1')];
    const listA = WarningListResponseSchema.parse((await t.call('GET', LIST, { token: a1 })).body);
    expect(listA.items.map((i) => [i.id, i.state, i.personName])).toEqual([[id, 'issued', '王小明']]);
    expect((await t.call('GET', LIST, { token: b1 })).body.items).toEqual([]);

    const pullA = await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: a1 });
    expect(pullA.body.changes).toEqual([expect.objectContaining({ entity: 'warningInstruction', id, data: expect.objectContaining({ state: 'issued', sourceId: item.sourceId }) })]);
    expect((await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: b1 })).body.changes).toEqual([]);

    const again = await ingest([item]);
    expect(again.body).toMatchObject({ created: 0, unchanged: 1, failed: 0, rows: [{ status: 'unchanged', id }] });
    expect(await t.count('warning_instructions')).toBe(1);
    const audits = await t.rows(sql`SELECT detail FROM audit_events WHERE action = 'warning.ingest' ORDER BY id`);
    expect(audits.map((a) => a.detail.created)).toEqual([1, 0]);
    // Only admins ingest; B's agent cannot act on A's instruction (and does not learn it exists).
    expect((await t.call('POST', INGEST, { token: a1, body: { instructions: [instruction()] } })).status).toBe(403);
    expect((await move(b1, id, { action: 'sign', expectedState: 'issued' })).status).toBe(404);
  });

  it('works a medium instruction end to end: declined call, relatives, regrade, station visit, outcome, feedback, city evaluation, close', async () => {
    const { stationId, token: officer } = await addStation(t);
    const id = (await ingest([instruction()])).body.rows[0].id;
    const [a1, sup] = [await t.login('agentA1'), await t.login('superA')];

    expect((await move(a1, id, { action: 'sign', expectedState: 'issued' })).body).toMatchObject({ state: 'signed-for', assigneeId: t.fixture.users.agentA1 });
    expect((await move(a1, id, { action: 'call', expectedState: 'signed-for' })).body.state).toBe('calling');
    const attempt = await t.call('POST', `${LIST}/${id}/attempts`, { token: a1, body: { at: T0 + MIN, channel: 'call', number: '13800138000', result: 'declined' } });
    expect(attempt.body.attempts).toEqual([expect.objectContaining({ result: 'declined', channel: 'call', agentId: t.fixture.users.agentA1 })]);
    const contact = await t.call('POST', `${LIST}/${id}/contacts`, { token: a1, body: { at: T0 + 2 * MIN, relation: '母亲', name: '李桂英', number: '13900139000', result: 'will-persuade' } });
    expect(contact.body.contacts).toHaveLength(1);
    expect((await move(a1, id, { action: 'relatives-contacted', expectedState: 'calling' })).body.state).toBe('relatives-contacted');

    // Medium cannot go to a station; regrade first, and the history keeps the old grade.
    expect(await move(a1, id, { action: 'request-visit', expectedState: 'relatives-contacted', stationUnitId: stationId })).toMatchObject({ status: 409, body: { error: 'precondition-failed', current: 'relatives-contacted' } });
    const regraded = await move(a1, id, { action: 'regrade', expectedState: 'relatives-contacted', grade: 'high', reason: '亲属反映仍在转账' });
    expect(regraded.body).toMatchObject({ grade: 'high', state: 'relatives-contacted', gradeHistory: [{ from: 'medium', to: 'high', by: t.fixture.users.agentA1, reason: '亲属反映仍在转账' }] });
    expect(await move(a1, id, { action: 'request-visit', expectedState: 'relatives-contacted', stationUnitId: t.fixture.orgB })).toMatchObject({ status: 400, body: { fields: { stationUnitId: 'not-a-station' } } });
    expect((await move(a1, id, { action: 'request-visit', expectedState: 'relatives-contacted', stationUnitId: stationId })).body.state).toBe('visit-requested');
    // The dispatching unit does not write the station's visit record.
    expect((await t.call('POST', `${LIST}/${id}/visit`, { token: a1, body: { officer: '张警官', metAt: T0, place: 'x', result: 'met-dissuaded' } })).status).toBe(409);

    expect((await t.call('GET', '/api/v1/warning-stations', { token: a1 })).body.stations).toEqual([{ id: stationId, name: '城南派出所', code: 'station-a1' }]);
    expect((await t.call('GET', '/api/v1/warning-stations', { token: await t.login('agentB1') })).body.stations).toEqual([]);
    // The station sees it in its own queue and pull; it may not move the instruction itself.
    expect((await t.call('GET', LIST, { token: officer })).body.items.map((i: any) => i.id)).toEqual([id]);
    const stationPull = await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: officer });
    expect(stationPull.body.changes.at(-1)).toMatchObject({ entity: 'warningInstruction', id, data: { state: 'visit-requested' } });
    expect((await move(officer, id, { action: 'outcome', expectedState: 'visit-requested', outcome: 'dissuaded' })).status).toBe(403);
    expect(await move(a1, id, { action: 'outcome', expectedState: 'visit-requested', outcome: 'dissuaded' })).toMatchObject({ status: 409, body: { current: 'visit-requested' } });
    const visit = await t.call('POST', `${LIST}/${id}/visit`, { token: officer, body: { officer: '张警官', metAt: T0 + 90 * MIN, place: '幸福小区 3 栋', result: 'met-dissuaded' } });
    expect(visit.body.visits).toEqual([expect.objectContaining({ stationUnitId: stationId, officer: '张警官', result: 'met-dissuaded', returnedAt: expect.any(Number) })]);
    expect((await t.call('POST', `${LIST}/${id}/visit`, { token: officer, body: { officer: '张警官', metAt: T0, place: 'x', result: 'met-dissuaded' } })).status).toBe(409);

    expect((await move(a1, id, { action: 'outcome', expectedState: 'visit-requested', outcome: 'dissuaded' })).body.state).toBe('dissuaded');
    expect(await move(a1, id, { action: 'close', expectedState: 'dissuaded' })).toMatchObject({ status: 409, body: { error: 'invalid-transition', current: 'dissuaded' } });
    expect((await move(a1, id, { action: 'feedback', expectedState: 'dissuaded', feedback: '本人已停止转账' })).body).toMatchObject({ state: 'feedback', feedback: '本人已停止转账' });
    expect((await move(a1, id, { action: 'evaluate', expectedState: 'feedback', evaluation: { rating: 'good', comment: '' } })).status).toBe(403);
    expect((await move(sup, id, { action: 'evaluate', expectedState: 'feedback', evaluation: { rating: 'good', comment: '处置及时' } })).body).toMatchObject({ state: 'evaluated', evaluation: { rating: 'good', by: t.fixture.users.superA } });
    expect((await move(a1, id, { action: 'close', expectedState: 'evaluated' })).body.state).toBe('closed');
    expect(await move(sup, id, { action: 'void', expectedState: 'closed', reason: 'x' })).toMatchObject({ status: 409, body: { current: 'closed' } });

    const transitions = await t.rows(sql`SELECT detail FROM audit_events WHERE action = 'warning.transition' ORDER BY id`);
    expect(transitions.map((a) => a.detail.action)).toEqual(['sign', 'call', 'relatives-contacted', 'regrade', 'request-visit', 'visit-return', 'outcome', 'feedback', 'evaluate', 'close']);
    const [stored] = await t.rows(sql`SELECT state, grade, updated_seq::int AS seq FROM warning_instructions`);
    const [{ max }] = await t.rows(sql`SELECT max(seq)::int AS max FROM change_log`);
    expect(stored).toEqual({ state: 'closed', grade: 'high', seq: max });
  });

  it('answers a stale expected state, or an impossible step, with 409 and the current state, and changes nothing', async () => {
    const id = (await ingest([instruction()])).body.rows[0].id;
    const a1 = await t.login('agentA1');
    await move(a1, id, { action: 'sign', expectedState: 'issued' });
    const before = await t.count('change_log');
    expect(await move(a1, id, { action: 'sign', expectedState: 'issued' })).toMatchObject({ status: 409, body: { error: 'conflict', current: 'signed-for' } });
    expect(await move(a1, id, { action: 'feedback', expectedState: 'signed-for', feedback: 'x' })).toMatchObject({ status: 409, body: { error: 'invalid-transition', current: 'signed-for' } });
    expect(await move(a1, id, { action: 'void', expectedState: 'signed-for', reason: '重复' })).toMatchObject({ status: 403 });
    expect(await move(a1, id, { action: 'jump', expectedState: 'signed-for' })).toMatchObject({ status: 400 });
    expect(await t.call('POST', `${LIST}/${id}/attempts`, { token: a1, body: { at: T0, channel: 'call', number: 'abc', result: 'busy' } })).toMatchObject({ status: 400, body: { fields: { number: 'phone-number' } } });
    expect(await t.count('change_log')).toBe(before);
    expect((await move(await t.login('superA'), id, { action: 'void', expectedState: 'signed-for', reason: '重复指令' })).body).toMatchObject({ state: 'void', voidReason: '重复指令' });
  });

  it('sorts by grade then age, filters, and flags overdue items by the server clock', async () => {
    let now = T0;
    const call = await appWith({ now: () => now });
    const admin = await t.login('adminA');
    const created = await call('POST', INGEST, admin, {
      instructions: [
        instruction({ grade: 'low', issuedAt: T0 - 10 * MIN }),
        instruction({ grade: 'medium', issuedAt: T0 - 5 * MIN }),
        instruction({ grade: 'extreme', issuedAt: T0 }),
        instruction({ grade: 'medium', issuedAt: T0 - 60 * MIN }),
      ],
    });
    const [low, mediumNew, extreme, mediumOld] = created.body.rows.map((r: any) => r.id);
    const a1 = await t.login('agentA1');
    const list = await call('GET', LIST, a1);
    expect(list.body.items.map((i: any) => i.id)).toEqual([extreme, mediumOld, mediumNew, low]);
    expect(list.body.items.map((i: any) => i.overdue)).toEqual([false, false, false, false]);

    now = T0 + 30 * MIN; // extreme's 30 minutes are up
    expect((await call('GET', `${LIST}?overdue=1`, a1)).body.items.map((i: any) => i.id)).toEqual([extreme]);
    now = T0 + 180 * MIN; // the old medium (issued 60 min earlier) reaches its 240 minutes
    const overdue = (await call('GET', `${LIST}?overdue=1`, a1)).body;
    expect(overdue.items.map((i: any) => i.id)).toEqual([extreme, mediumOld]);
    expect(overdue.items[1].overdueAt).toBe(T0 - 60 * MIN + 240 * MIN);
    expect(overdue.at).toBe(now);

    // An outcome ends the alarm.
    await call('POST', `${LIST}/${extreme}/transition`, a1, { action: 'sign', expectedState: 'issued' });
    await call('POST', `${LIST}/${extreme}/transition`, a1, { action: 'call', expectedState: 'signed-for' });
    await call('POST', `${LIST}/${extreme}/transition`, a1, { action: 'outcome', expectedState: 'calling', outcome: 'dissuaded' });
    expect((await call('GET', `${LIST}?overdue=1`, a1)).body.items.map((i: any) => i.id)).toEqual([mediumOld]);
    expect((await call('GET', `${LIST}?grade=medium&state=issued`, a1)).body.items.map((i: any) => i.id)).toEqual([mediumOld, mediumNew]);
    expect((await call('GET', `${LIST}?state=dissuaded`, a1)).body.items.map((i: any) => i.id)).toEqual([extreme]);
    expect((await call('GET', `${LIST}?grade=severe`, a1)).status).toBe(400);
  });

  it('sends the automatic SMS of a low instruction through the outbox to the development provider, audited', async () => {
    const id = (await ingest([instruction({ grade: 'low', phones: ['13700137000', '13600136000'] }), instruction({ grade: 'medium' })])).body.rows[0].id;
    const messages = await t.rows(sql`SELECT to_number, body FROM sms_dev_messages`);
    expect(messages).toHaveLength(1);
    expect(messages[0].to_number).toBe('13700137000');
    expect(messages[0].body).toContain('王小明');
    expect(smsRuleViolations(messages[0].body)).toEqual([]);
    const [outbox] = await t.rows(sql`SELECT status, automatic, provider, instruction_id FROM sms_outbox`);
    expect(outbox).toEqual({ status: 'sent', automatic: true, provider: 'dev', instruction_id: id });
    const list = (await t.call('GET', LIST, { token: await t.login('agentA1') })).body.items;
    expect(list.find((i: any) => i.id === id).state).toBe('sms-sent');
    const [audit] = await t.rows(sql`SELECT actor_id, target, detail FROM audit_events WHERE action = 'warning.auto-sms'`);
    expect(audit).toMatchObject({ actor_id: null, target: `warning:${id}`, detail: { sent: true, to: 'sms-sent' } });
  });

  it('sends no automatic SMS when the rule is switched off, and a person can still send one after signing', async () => {
    const call = await appWith({ autoSmsLow: false });
    const admin = await t.login('adminA');
    const id = (await call('POST', INGEST, admin, { instructions: [instruction({ grade: 'low' })] })).body.rows[0].id;
    expect(await t.count('sms_dev_messages')).toBe(0);
    expect(await t.count('sms_outbox')).toBe(0);
    const a1 = await t.login('agentA1');
    expect((await call('GET', LIST, a1)).body.items[0].state).toBe('issued');
    await call('POST', `${LIST}/${id}/transition`, a1, { action: 'sign', expectedState: 'issued' });
    const sent = await call('POST', `${LIST}/${id}/transition`, a1, { action: 'send-sms', expectedState: 'signed-for', templateKey: 'sms.missed-warning-call' });
    expect(sent.body.state).toBe('sms-sent');
    const [message] = await t.rows(sql`SELECT body FROM sms_dev_messages`);
    expect(message.body).toContain('未能接通');
    const bad = await call('POST', `${LIST}/${id}/transition`, a1, { action: 'send-sms', expectedState: 'sms-sent', templateKey: 'no.such' });
    expect(bad.status).toBe(409); // sms-sent → sms-sent is no step
  });
});
