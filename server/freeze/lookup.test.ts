import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { FreezeLookupResponseSchema } from '../../shared/schemas/freeze';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { freezeRow } from '../../test/rig/freeze-builders';

const LOOKUP = '/api/v1/freeze-records/lookup';

describe.each(BACKENDS)('freeze look-up and reveal on %s', (kind) => {
  const t = useBackend(kind);

  async function ingest(records: Array<Record<string, unknown>>) {
    const res = await t.call('POST', '/api/v1/ingest/freeze-records', { token: await t.login('adminA'), body: { records } });
    expect(res.body.failed).toBe(0);
  }

  it('finds by account, ID and phone whatever the spelling, masked on the server', async () => {
    await ingest([freezeRow({ holderName: '张小三', accountNumber: '6222021001115678', idNumber: '11010119900307123X', phone: '13800135678' }), freezeRow({ holderName: '王五', accountNumber: '6222021001119999' })]);
    const token = await t.login('agentA1');
    for (const [by, value] of [['account', '6222 0210-0111 5678'], ['idNumber', '110101 19900307 123x'], ['phone', '138-0013-5678']] as const) {
      const res = await t.call('POST', LOOKUP, { token, body: { by, value } });
      expect(res.status, by).toBe(200);
      const body = FreezeLookupResponseSchema.parse(res.body);
      expect(body.truncated).toBe(false);
      expect(body.results.map((r) => r.accountNumber), by).toEqual(expect.arrayContaining(['**** **** **** 5678']));
      const hit = body.results.find((r) => r.accountNumber.endsWith('5678'));
      expect(hit).toMatchObject({ holderName: '张*三', idNumber: '110101********123X', phone: '138****5678', masked: true, authority: '深圳市公安局南山分局', measureType: 'protective-stop-payment', holderRole: 'victim' });
    }
    // Nothing of the plain values leaves the server.
    const res = await t.call('POST', LOOKUP, { token, body: { by: 'account', value: '6222021001115678' } });
    expect(JSON.stringify(res.body)).not.toMatch(/6222021001115678|19900307|00135678|张小三/);
    const two = await t.call('POST', LOOKUP, { token, body: { by: 'account', value: '6222021001119999' } });
    expect(two.body.results[0].holderName).toBe('王*');
  });

  it('finds by name with the last digits of the account or the ID number', async () => {
    await ingest([
      freezeRow({ holderName: '李四', accountNumber: '6217000000001234', idNumber: '500103198001014321' }),
      freezeRow({ holderName: '李四', accountNumber: '6217000000008888', idNumber: '500103198001019876' }),
      freezeRow({ holderName: '李五', accountNumber: '6217000000001234' }),
    ]);
    const token = await t.login('superA');
    const byAccount = await t.call('POST', LOOKUP, { token, body: { by: 'name', value: '李 四', partialNumber: '001234' } });
    expect(byAccount.body.results.map((r: any) => r.accountNumber)).toEqual(['**** **** **** 1234']);
    const byId = await t.call('POST', LOOKUP, { token, body: { by: 'name', value: '李四', partialNumber: '9876' } });
    expect(byId.body.results.map((r: any) => r.accountNumber)).toEqual(['**** **** **** 8888']);
    const wrongTail = await t.call('POST', LOOKUP, { token, body: { by: 'name', value: '李四', partialNumber: '91234' } });
    expect(wrongTail.body.results).toEqual([]);
    const noPartial = await t.call('POST', LOOKUP, { token, body: { by: 'name', value: '李四' } });
    expect(noPartial.status).toBe(400);
    expect(noPartial.body.fields).toHaveProperty('partialNumber');
  });

  it('caps the answer at 20 and says it was truncated', async () => {
    await ingest(Array.from({ length: 23 }, () => freezeRow({ phone: '13900000000' })));
    const res = await t.call('POST', LOOKUP, { token: await t.login('agentA1'), body: { by: 'phone', value: '13900000000' } });
    expect(res.body.results).toHaveLength(20);
    expect(res.body.truncated).toBe(true);
  });

  it('audits every look-up with a masked value, the count and the case', async () => {
    await ingest([freezeRow({ accountNumber: '6222021001115678' })]);
    const caseId = randomUUID();
    await t.call('POST', LOOKUP, { token: await t.login('agentA1'), body: { by: 'account', value: '6222021001115678', caseId } });
    await t.call('POST', LOOKUP, { token: await t.login('agentA2'), body: { by: 'phone', value: '13711112222' } });
    const events = await t.rows(sql`SELECT actor_id, target, detail FROM audit_events WHERE action = 'freeze.lookup' ORDER BY id`);
    expect(events).toEqual([
      { actor_id: t.fixture.users.agentA1, target: `case:${caseId}`, detail: { by: 'account', value: '**** **** **** 5678', results: 1, truncated: false, caseId } },
      { actor_id: t.fixture.users.agentA2, target: null, detail: { by: 'phone', value: '137****2222', results: 0, truncated: false, caseId: null } },
    ]);
  });

  it('reveals one field with a reason, audited; 404 for an unknown record', async () => {
    await ingest([freezeRow({ idNumber: '11010119900307123X' })]);
    const token = await t.login('agentA1');
    const found = await t.call('POST', LOOKUP, { token, body: { by: 'idNumber', value: '11010119900307123X' } });
    const id = found.body.results[0].id as string;
    const res = await t.call('POST', `/api/v1/freeze-records/${id}/reveal`, { token, body: { field: 'idNumber', reason: '来电人核实身份' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ field: 'idNumber', value: '11010119900307123X' });
    const [event] = await t.rows(sql`SELECT actor_id, target, detail FROM audit_events WHERE action = 'freeze.reveal'`);
    expect(event).toEqual({ actor_id: t.fixture.users.agentA1, target: `freezeRecord:${id}`, detail: { field: 'idNumber', reason: '来电人核实身份', caseId: null } });

    const missing = await t.call('POST', `/api/v1/freeze-records/${randomUUID()}/reveal`, { token, body: { field: 'phone', reason: '核实来电' } });
    expect(missing.status).toBe(404);
    const noReason = await t.call('POST', `/api/v1/freeze-records/${id}/reveal`, { token, body: { field: 'phone', reason: '' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields).toHaveProperty('reason');
    const badId = await t.call('POST', '/api/v1/freeze-records/not-a-uuid/reveal', { token, body: { field: 'phone', reason: '核实来电' } });
    expect(badId.status).toBe(400);
    expect(await t.count("audit_events WHERE action = 'freeze.reveal'")).toBe(1);
  });

  it('refuses auditors and admins (403) and writes no audit for them', async () => {
    await ingest([freezeRow()]);
    const [{ id }] = await t.rows(sql`SELECT id FROM freeze_records`);
    for (const user of ['auditorA', 'adminA'] as const) {
      const token = await t.login(user);
      expect((await t.call('POST', LOOKUP, { token, body: { by: 'phone', value: '13800135678' } })).status, user).toBe(403);
      expect((await t.call('POST', `/api/v1/freeze-records/${id}/reveal`, { token, body: { field: 'phone', reason: '核实来电' } })).status, user).toBe(403);
    }
    expect(await t.count("audit_events WHERE action LIKE 'freeze.%' AND action <> 'freeze.ingest'")).toBe(0);
  });
});
