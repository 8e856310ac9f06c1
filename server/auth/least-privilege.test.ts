import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/sync/mutations';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { addExtraRoles, loginAs, type ExtraRoles } from '../../test/rig/extra-roles';
import { batch } from '../../test/rig/mutation-builders';

const AT = 1_767_225_600_000;
const INGEST = '/api/v1/ingest/warning-instructions';
const act = (id: string, what: 'transition' | 'attempts' | 'contacts' | 'visit') => `/api/v1/warning-instructions/${id}/${what}`;
const contact = { at: AT, relation: '母亲', name: '王秀英', number: '13900139000', result: 'busy' };
const caseOpen = (): Mutation => ({
  mutationId: randomUUID(),
  name: 'case.open',
  args: { id: randomUUID(), callRecordId: null, callerNumber: '+8613800138000', callType: 'unclassified', createdAt: AT, fields: { direction: 'inbound' } },
});

/**
 * Issue 15, least privilege: own-unit writes unless supervisor of the subtree, the station
 * officer's minimal view, linked ids checked for scope, and the reads that were not audited.
 * One server per backend; each test gets the fixture plus the extra roles.
 */
describe.each(BACKENDS)('least privilege on %s', (kind) => {
  const t = useBackend(kind);

  const setup = async (): Promise<ExtraRoles & { admin: string }> => ({ ...(await addExtraRoles(t)), admin: await t.login('adminA') });
  const ingest = async (admin: string, unitCode: string, overrides: Record<string, unknown> = {}) => {
    const res = await t.call('POST', INGEST, {
      token: admin,
      body: { instructions: [{ sourceId: `LP-${randomUUID()}`, grade: 'high', personName: '李四', phones: ['13800138000'], idNumber: '110101199003074578', fraudType: 'other', issuedAt: AT, orgUnitCode: unitCode, ...overrides }] },
    });
    expect(res.status).toBe(200);
    return res.body.rows[0].id as string;
  };

  it('keeps a call-taker’s warning writes in their own unit; the supervisor writes in the subtree', async () => {
    const { admin } = await setup();
    const child = await ingest(admin, 'district-a1');
    const agent = await t.login('agentA1');
    // city A's call-taker sees district A1 in their scope, but may not work its instructions.
    expect((await t.call('POST', act(child, 'transition'), { token: agent, body: { action: 'sign', expectedState: 'issued' } })).status).toBe(404);
    const superA = await t.login('superA');
    expect((await t.call('POST', act(child, 'transition'), { token: superA, body: { action: 'sign', expectedState: 'issued' } })).status).toBe(200);
    expect((await t.call('POST', act(child, 'contacts'), { token: agent, body: contact })).status).toBe(404);
    expect((await t.call('POST', act(child, 'attempts'), { token: agent, body: { at: AT, channel: 'call', number: '13800138000', result: 'busy' } })).status).toBe(404);
    expect((await t.call('POST', act(child, 'contacts'), { token: superA, body: contact })).status).toBe(200);
    // The list follows the same rule: own unit for the call-taker even when asking for the tree.
    expect((await t.call('GET', '/api/v1/warning-instructions?tree=1', { token: agent })).body.items).toHaveLength(0);
    expect((await t.call('GET', '/api/v1/warning-instructions?tree=1', { token: superA })).body.items.map((i: { id: string }) => i.id)).toEqual([child]);
  });

  it('shows a station officer only the visits sent to their station, with the minimum personal data', async () => {
    const { admin, stationA1 } = await setup();
    const [sent, other] = [await ingest(admin, 'city-a'), await ingest(admin, 'city-a')];
    const warn = await loginAs(t, 'warnA');
    expect((await t.call('POST', act(sent, 'transition'), { token: warn, body: { action: 'sign', expectedState: 'issued' } })).status).toBe(200);
    expect((await t.call('POST', act(sent, 'contacts'), { token: warn, body: contact })).status).toBe(200);
    expect((await t.call('POST', act(sent, 'transition'), { token: warn, body: { action: 'request-visit', expectedState: 'signed-for', stationUnitId: stationA1 } })).status).toBe(200);

    const station = await loginAs(t, 'stationA1');
    const list = await t.call('GET', '/api/v1/warning-instructions', { token: station });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([sent]);
    const [item] = list.body.items;
    expect(item).toMatchObject({ personName: '李四', phones: ['13800138000'], contacts: [], attempts: [], assigneeId: null });
    expect(item.idNumber).not.toBe('110101199003074578');
    expect(JSON.stringify(list.body)).not.toContain('王秀英');
    expect(list.body.items.some((i: { id: string }) => i.id === other)).toBe(false);

    const visit = await t.call('POST', act(sent, 'visit'), { token: station, body: { officer: '张警官', metAt: AT, place: '家中', result: 'met-dissuaded' } });
    expect(visit.status).toBe(200);
    expect(visit.body.contacts).toEqual([]);
    expect(JSON.stringify(visit.body)).not.toContain('110101199003074578');
    // A station officer does not move instructions, look up freezes or pull case data.
    expect((await t.call('POST', act(sent, 'transition'), { token: station, body: { action: 'call', expectedState: 'visit-requested' } })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: station })).status).toBe(403);
  });

  it('refuses linked ids of another unit: look-up and reveal cases, follow-up links, visit stations, fraud-report cases', async () => {
    const { admin } = await setup();
    const openB = caseOpen();
    const pushed = await t.call('POST', '/api/v1/sync/push', { token: await t.login('agentB1'), body: batch([openB]) });
    expect(pushed.body.results[0].status).toBe('applied');
    const caseB = (openB.args as { id: string }).id;
    const agent = await t.login('agentA1');

    const lookup = await t.call('POST', '/api/v1/freeze-records/lookup', { token: agent, body: { by: 'phone', value: '13800135678', caseId: caseB } });
    expect(lookup.status).toBe(403);
    expect(lookup.body.fields).toEqual({ caseId: 'other-org-unit' });
    const reveal = await t.call('POST', `/api/v1/freeze-records/${randomUUID()}/reveal`, { token: agent, body: { field: 'phone', reason: '核实来电人身份', caseId: caseB } });
    expect(reveal.status).toBe(403);
    // Nothing was audited against B's case.
    expect(await t.rows(sql`SELECT 1 FROM audit_events WHERE detail->>'caseId' = ${caseB}`)).toHaveLength(0);

    const followUp: Mutation = {
      mutationId: randomUUID(),
      name: 'followUp.create',
      args: { id: randomUUID(), caseId: caseB, callRecordId: null, callerNumber: '+8613800138000', dueAt: AT + 86_400_000, note: '回访', assigneeId: t.fixture.users.agentA1, createdAt: AT },
    };
    const linked = await t.call('POST', '/api/v1/sync/push', { token: agent, body: batch([followUp]) });
    expect(linked.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await t.count('follow_ups')).toBe(0);

    // A station outside the caller's subtree, and a fraud-report case of another unit.
    const id = await ingest(admin, 'city-a');
    expect((await t.call('POST', act(id, 'transition'), { token: agent, body: { action: 'sign', expectedState: 'issued' } })).status).toBe(200);
    const [farStation] = await t.rows<{ id: string }>(sql`INSERT INTO org_units (code, name, kind, parent_id) VALUES ('station-b1', 'Station B1', 'station', ${t.fixture.orgB}) RETURNING id`);
    const visit = await t.call('POST', act(id, 'transition'), { token: agent, body: { action: 'request-visit', expectedState: 'signed-for', stationUnitId: farStation?.id } });
    expect(visit.status).toBe(403);
    expect(visit.body.fields).toEqual({ stationUnitId: 'other-org-unit' });
    expect((await t.call('POST', act(id, 'transition'), { token: agent, body: { action: 'call', expectedState: 'signed-for' } })).status).toBe(200);
    const outcome = await t.call('POST', act(id, 'transition'), { token: agent, body: { action: 'outcome', expectedState: 'calling', outcome: 'defrauded', fraudReportCaseId: caseB } });
    expect(outcome.status).toBe(403);
    expect(outcome.body.fields).toEqual({ fraudReportCaseId: 'other-org-unit' });
  });

  it('audits the reads of the warning queue and the supervisor board', async () => {
    const { admin } = await setup();
    const id = await ingest(admin, 'city-a');
    await t.call('GET', '/api/v1/warning-instructions', { token: await t.login('agentA1') });
    await t.call('GET', '/api/v1/supervisor/board', { token: await t.login('superA') });
    const rows = await t.rows<{ action: string; detail: { ids: string[] } }>(sql`SELECT action, detail FROM audit_events WHERE action IN ('warning.list', 'supervisor.board') ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual(['warning.list', 'supervisor.board']);
    expect(rows.every((r) => r.detail.ids.includes(id))).toBe(true);
  });

  it('writes an audit row for every read that returns personal data', async () => {
    const { admin } = await setup();
    await ingest(admin, 'city-a');
    const reads: Array<[string, string, string]> = [
      ['agentA1', '/api/v1/warning-instructions', 'warning.list'],
      ['stationA1', '/api/v1/warning-instructions', 'warning.list'],
      ['agentA1', '/api/v1/screen-pop?number=13800138000', 'screen-pop.read'],
      ['agentA1', '/api/v1/history/search?number=13800138000', 'history.search'],
      ['superA', '/api/v1/supervisor/board', 'supervisor.board'],
      ['superA', '/api/v1/supervisor/workload', 'supervisor.workload'],
      ['adminA', '/api/v1/users', 'user.list'],
      ['auditorA', '/api/v1/audit', 'audit.query'],
      ['agentA1', '/api/v1/routing/callbacks', 'callbacks.list'],
    ];
    const missing: string[] = [];
    for (const [user, url, action] of reads) {
      const before = (await t.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = ${action}`))[0]?.n ?? 0;
      const res = await t.call('GET', url, { token: await loginAs(t, user) });
      expect(res.status, url).toBe(200);
      const after = (await t.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = ${action}`))[0]?.n ?? 0;
      if (after !== before + 1) missing.push(`${user} ${url}: ${action}`);
    }
    expect(missing).toEqual([]);
  });
});
