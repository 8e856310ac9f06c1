import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AgentState } from '../../shared/schemas/agent-state';
import type { CaseOpen, CaseSetFields } from '../../shared/schemas/case';
import type { Mutation } from '../../shared/sync/mutations';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';

const PUSH = '/api/v1/sync/push';

const open = (callRecordId: string | null, overrides: Partial<CaseOpen> = {}): Mutation => ({
  mutationId: randomUUID(),
  name: 'case.open',
  args: { id: randomUUID(), callRecordId, callerNumber: '+8613800138000', callType: 'unclassified', createdAt: 1_767_225_605_000, fields: { direction: 'inbound' }, ...overrides },
});
const idOf = (m: Mutation): string => (m.args as CaseOpen).id;
const setFields = (caseId: string, patch: Omit<CaseSetFields, 'caseId'>): Mutation => ({ mutationId: randomUUID(), name: 'case.setFields', args: { caseId, ...patch } });
const finalise = (caseId: string): Mutation => ({ mutationId: randomUUID(), name: 'case.finalise', args: { caseId, finalisedAt: 1_767_225_900_000 } });
const agentState = (args: AgentState): Mutation => ({ mutationId: randomUUID(), name: 'agentState.set', args });

describe.each(BACKENDS)('case and agent-state mutations on %s', (kind) => {
  const t = useBackend(kind);

  it('opens a case on a call record, merges patches per field in server order, and finalises it', async () => {
    const token = await t.login('agentA1');
    const record = callRecord({ answeredAt: 1_767_225_605_000 });
    const opened = open(record.id);
    const id = idOf(opened);
    const res = await t.call('POST', PUSH, {
      token,
      body: batch([
        upsert(record),
        opened,
        setFields(id, { callType: 'freeze-inquiry', fields: { institution: '工商银行', symptom: 'cannot-transfer-out' } }),
        setFields(id, { fields: { institution: '建设银行', accountType: 'debit-card', accountNumberMasked: '622700******1234' } }),
        setFields(id, {
          disposition: 'resolved',
          fields: { identityCheck: 'id-number-read-back', fundsRole: 'victim', guidance: ['contact-authority', 'unfreezing-fee-scam'], escalation: 'none' },
        }),
        finalise(id),
      ]),
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    const [row] = await t.rows(sql`SELECT call_record_id, call_type, status, disposition, fields, agent_id, org_unit_id, updated_seq::int AS updated_seq, finalised_at FROM cases`);
    expect(row).toMatchObject({ call_record_id: record.id, call_type: 'freeze-inquiry', status: 'final', disposition: 'resolved', agent_id: t.fixture.users.agentA1, org_unit_id: t.fixture.orgA, updated_seq: 6 });
    // Later writer of `institution` wins; fields patched by others survive.
    expect(row.fields).toMatchObject({ direction: 'inbound', institution: '建设银行', symptom: 'cannot-transfer-out', accountType: 'debit-card' });
    expect(Number(row.finalised_at)).toBe(1_767_225_900_000);
    const log = await t.rows(sql`SELECT entity, entity_id FROM change_log WHERE entity = 'case' ORDER BY seq`);
    expect(log).toHaveLength(5);
    expect(log.every((l) => l.entity_id === id)).toBe(true);
  });

  it('keeps both colleagues’ fields when they patch different fields of one case', async () => {
    const record = callRecord();
    const opened = open(record.id);
    const id = idOf(opened);
    await t.call('POST', PUSH, { token: await t.login('agentA1'), body: batch([upsert(record), opened, setFields(id, { fields: { situation: '接到自称客服的电话' } })]) });
    const bySupervisor = await t.call('POST', PUSH, { token: await t.login('superA'), body: batch([setFields(id, { fields: { advice: '挂断，不要转账' } })]) });
    expect(bySupervisor.body.results[0].status).toBe('applied');
    const [row] = await t.rows(sql`SELECT fields FROM cases`);
    expect(row.fields).toMatchObject({ situation: '接到自称客服的电话', advice: '挂断，不要转账' });
  });

  it('rejects finalising an incomplete case with field errors and keeps it a draft', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const opened = open(record.id);
    const id = idOf(opened);
    const res = await t.call('POST', PUSH, {
      token,
      body: batch([upsert(record), opened, setFields(id, { callType: 'consultation', disposition: 'resolved', fields: { moneySent: true } }), finalise(id)]),
    });
    const rejected = res.body.results[3];
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(rejected.current.errors).toEqual({ fraudType: 'required', situation: 'required', contactChannels: 'required', advice: 'required', moneySent: 'money-sent-report' });
    expect(rejected.message).toContain('situation: required');
    const [row] = await t.rows(sql`SELECT status, finalised_at FROM cases`);
    expect(row).toEqual({ status: 'draft', finalised_at: null });
  });

  it('finalises a non-data call with only its disposition, and refuses patches after that', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const opened = open(record.id);
    const id = idOf(opened);
    const res = await t.call('POST', PUSH, { token, body: batch([upsert(record), opened, setFields(id, { disposition: 'silent', fields: {} }), finalise(id), finalise(id), setFields(id, { fields: { notes: 'late' } })]) });
    expect(res.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'rejected']);
    expect(res.body.results[4].seq).toBe(res.body.results[3].seq);
    expect(res.body.results[5]).toMatchObject({ reason: 'conflict', current: { status: 'final', disposition: 'silent' } });
    const [row] = await t.rows(sql`SELECT status, call_type, disposition FROM cases`);
    expect(row).toEqual({ status: 'final', call_type: 'unclassified', disposition: 'silent' });
  });

  it('scopes cases to the org unit and needs a known call record', async () => {
    const record = callRecord();
    const opened = open(record.id);
    await t.call('POST', PUSH, { token: await t.login('agentA1'), body: batch([upsert(record), opened]) });
    const tokenB = await t.login('agentB1');
    const res = await t.call('POST', PUSH, { token: tokenB, body: batch([setFields(idOf(opened), { fields: { notes: 'x' } }), open(record.id), finalise(idOf(opened)), open(randomUUID())]) });
    expect(res.body.results.map((r: any) => r.reason)).toEqual(['forbidden', 'forbidden', 'forbidden', 'not-found']);
    expect(await t.count('cases')).toBe(1);
    const unknownCase = await t.call('POST', PUSH, { token: tokenB, body: batch([setFields(randomUUID(), { fields: {} })]) });
    expect(unknownCase.body.results[0]).toMatchObject({ status: 'rejected', reason: 'not-found' });
  });

  it('refuses malformed case fields at the schema with the field path, writing nothing of them', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const bad = open(record.id, { fields: { accountNumberMasked: '6227001234561234' } as never });
    const res = await t.call('POST', PUSH, { token, body: batch([upsert(record), bad]) });
    expect(res.status).toBe(200);
    expect(res.body.results[1]).toMatchObject({ status: 'rejected', reason: 'invalid', fields: { 'args.fields.accountNumberMasked': 'masked-account' } });
    expect(await t.count('cases')).toBe(0);
    const nul = open(record.id, { fields: { callerName: '张\u0000三' } as never });
    const nulRes = await t.call('POST', PUSH, { token, body: batch([nul]) });
    expect(nulRes.body.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid', fields: { 'args.fields.callerName': 'text-nul' } });
    expect(await t.count('cases')).toBe(0);
    const notReady = await t.call('POST', PUSH, { token, body: batch([agentState({ state: 'not-ready', reason: null, since: 1 })]) });
    expect(notReady.status).toBe(200);
    expect(Object.keys(notReady.body.results[0].fields)).toEqual(['args.reason']);
  });

  it('stores each agent’s latest state and publishes every transition', async () => {
    const token = await t.login('agentA1');
    const res = await t.call('POST', PUSH, {
      token,
      body: batch([agentState({ state: 'ready', reason: null, since: 1_000 }), agentState({ state: 'not-ready', reason: 'meal', since: 2_000 })]),
    });
    expect(res.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied']);
    const rows = await t.rows(sql`SELECT user_id, state, reason, since, org_unit_id, updated_seq::int AS updated_seq FROM agent_status`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: t.fixture.users.agentA1, state: 'not-ready', reason: 'meal', org_unit_id: t.fixture.orgA, updated_seq: 2 });
    const log = await t.rows(sql`SELECT entity, entity_id FROM change_log ORDER BY seq`);
    expect(log).toEqual([
      { entity: 'agentStatus', entity_id: t.fixture.users.agentA1 },
      { entity: 'agentStatus', entity_id: t.fixture.users.agentA1 },
    ]);
    const byAuditor = await t.call('POST', PUSH, { token: await t.login('auditorA'), body: batch([agentState({ state: 'ready', reason: null, since: 3_000 })]) });
    // Refused either at the route (403) or per mutation; either way nothing changes.
    expect(byAuditor.status === 403 || byAuditor.body.results?.[0]?.reason === 'forbidden').toBe(true);
    const [after] = await t.rows(sql`SELECT state FROM agent_status`);
    expect(after).toEqual({ state: 'not-ready' });
  });
});
