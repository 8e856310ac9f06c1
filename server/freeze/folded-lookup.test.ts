import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/sync/mutations';
import { hashToken } from '../auth/tokens';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { freezeRow } from '../../test/rig/freeze-builders';
import { batch } from '../../test/rig/mutation-builders';

const LOOKUP = '/api/v1/freeze-records/lookup';
const AT = Date.UTC(2026, 11, 5, 9);
const caseOpen = (): Mutation => ({
  mutationId: randomUUID(),
  name: 'case.open',
  args: { id: randomUUID(), callRecordId: null, callerNumber: '+8613800138000', callType: 'unclassified', createdAt: AT, fields: { direction: 'inbound' } },
});

/**
 * Issue 18: the look-up checks its caller's session inside its own statement (no separate
 * round trip, no cache). These are the refusals that check used to make on its own.
 */
describe.each(BACKENDS)('freeze look-up with the session checked in its statement, on %s', (kind) => {
  const t = useBackend(kind);
  const lookups = () => t.count("audit_events WHERE action = 'freeze.lookup'");
  const ask = (token: string, body: unknown = { by: 'phone', value: '13800135678' }) => t.call('POST', LOOKUP, { token, body });

  async function withRecord(): Promise<void> {
    const res = await t.call('POST', '/api/v1/ingest/freeze-records', { token: await t.login('adminA'), body: { records: [freezeRow({ phone: '13800135678' })] } });
    expect(res.body.failed).toBe(0);
  }

  it('answers a live session, and refuses it the moment it expires, is signed out or its user disabled', async () => {
    await withRecord();
    const token = await t.login('agentA1');
    const ok = await ask(token);
    expect(ok.status).toBe(200);
    expect(ok.body.results).toHaveLength(1);
    expect(await lookups()).toBe(1);

    const expiring = await t.login('agentA1');
    await t.db.orm.execute(sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = ${hashToken(expiring)}`);
    expect((await ask(expiring)).status).toBe(401);

    expect((await t.call('POST', '/api/v1/auth/logout', { token })).status).toBeLessThan(300);
    const afterLogout = await ask(token);
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body).toMatchObject({ error: 'unauthorized' });

    const other = await t.login('agentA2');
    expect((await ask(other)).status).toBe(200);
    // Disabling deletes sessions too; the statement's own check covers a race with that.
    await t.db.orm.execute(sql`UPDATE users SET disabled_at = now() WHERE id = ${t.fixture.users.agentA2}`);
    expect((await ask(other)).status).toBe(401);
    // Only the two answered look-ups were audited.
    expect(await lookups()).toBe(2);
  });

  it('checks who is asking before saying what is wrong with a body', async () => {
    const invalid = { by: 'name', value: '李四' };
    const unknown = await ask('a'.repeat(43), invalid);
    expect(unknown.status).toBe(401);
    expect(unknown.body.fields).toBeUndefined();
    expect((await ask('short', invalid)).status).toBe(401);
    const admin = await ask(await t.login('adminA'), invalid);
    expect(admin.status).toBe(403);
    const agent = await ask(await t.login('agentA1'), invalid);
    expect(agent.status).toBe(400);
    expect(agent.body.fields).toHaveProperty('partialNumber');
    // Hostile bodies from a signed-in caller are 4xx, never 500.
    for (const body of [null, [], 'x', { by: 'phone', value: 'x'.repeat(100) }, { by: 'phone', value: '13800135678', caseId: 'nope' }]) {
      const res = await ask(await t.login('agentA1'), body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
    expect(await lookups()).toBe(0);
  });

  it('refuses a case of another unit unless it is in a supervisor’s subtree; an unknown case passes', async () => {
    await withRecord();
    const openB = caseOpen();
    const pushed = await t.call('POST', '/api/v1/sync/push', { token: await t.login('agentB1'), body: batch([openB]) });
    expect(pushed.body.results[0].status).toBe('applied');
    const caseB = (openB.args as { id: string }).id;

    const agent = await t.login('agentA1');
    const refused = await ask(agent, { by: 'phone', value: '13800135678', caseId: caseB });
    expect(refused.status).toBe(403);
    expect(refused.body.fields).toEqual({ caseId: 'other-org-unit' });
    expect((await ask(await t.login('agentB1'), { by: 'phone', value: '13800135678', caseId: caseB })).status).toBe(200);
    expect((await ask(agent, { by: 'phone', value: '13800135678', caseId: randomUUID() })).status).toBe(200);

    const supervisor = await t.login('superA');
    expect((await ask(supervisor, { by: 'phone', value: '13800135678', caseId: caseB })).status).toBe(403);
    await t.db.orm.execute(sql`UPDATE org_units SET parent_id = ${t.fixture.orgA} WHERE id = ${t.fixture.orgB}`);
    expect((await ask(supervisor, { by: 'phone', value: '13800135678', caseId: caseB })).status).toBe(200);
    // Nothing was audited against B's case for the refused callers.
    expect(await t.rows(sql`SELECT actor_id FROM audit_events WHERE action = 'freeze.lookup' AND detail->>'caseId' = ${caseB} ORDER BY id`)).toEqual([
      { actor_id: t.fixture.users.agentB1 },
      { actor_id: t.fixture.users.superA },
    ]);
  });
});
