import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AuditPageSchema } from '../../shared/schemas/audit';
import { BACKENDS, useBackend, type BackendContext } from '../../test/rig/db-backends';
import { loadOrgScope } from '../auth/scopes';
import { orgUnits, users } from '../db/schema';
import { recordAudit } from './audit-log';

const AUDIT = '/api/v1/audit';

/** city A → district A1 → station A1a, each with one call-taker (no password: they never sign in). */
async function addTree(t: BackendContext) {
  const [district] = await t.db.orm.insert(orgUnits).values({ code: 'district-a1', name: 'District A1', kind: 'district', parentId: t.fixture.orgA }).returning();
  const [station] = await t.db.orm.insert(orgUnits).values({ code: 'station-a1a', name: 'Station A1a', kind: 'station', parentId: district!.id }).returning();
  const [inDistrict, inStation] = await t.db.orm
    .insert(users)
    .values([
      { username: 'agentD', passwordHash: 'x', role: 'call-taker', orgUnitId: district!.id, displayName: 'D' },
      { username: 'agentS', passwordHash: 'x', role: 'call-taker', orgUnitId: station!.id, displayName: 'S' },
    ])
    .returning();
  return { district: district!.id, station: station!.id, agentD: inDistrict!.id, agentS: inStation!.id };
}

describe.each(BACKENDS)('audit query on %s', (kind) => {
  const t = useBackend(kind);

  it('lets auditors page through the trail with filters, newest first', async () => {
    const token = await t.login('auditorA');
    await t.login('agentA1');
    await t.login('agentA2');
    for (let i = 0; i < 5; i++) await recordAudit(t.db.orm, { action: 'freeze.lookup', actorId: t.fixture.users.agentA1, detail: { i } });
    const all = await t.call('GET', `${AUDIT}?limit=100`, { token });
    expect(all.status).toBe(200);
    const page = AuditPageSchema.parse(all.body);
    expect(page.events.map((e) => e.action)).toEqual(['freeze.lookup', 'freeze.lookup', 'freeze.lookup', 'freeze.lookup', 'freeze.lookup', 'login', 'login', 'login']);
    expect(page.nextCursor).toBeNull();

    const first = await t.call('GET', `${AUDIT}?action=freeze.lookup&limit=2`, { token });
    expect(first.body.events.map((e: any) => e.detail.i)).toEqual([4, 3]);
    const second = await t.call('GET', `${AUDIT}?action=freeze.lookup&limit=2&cursor=${first.body.nextCursor}`, { token });
    expect(second.body.events.map((e: any) => e.detail.i)).toEqual([2, 1]);

    const family = await t.call('GET', `${AUDIT}?action=login.&actor=${t.fixture.users.agentA2}`, { token });
    expect(family.body.events).toEqual([]);
    const byActor = await t.call('GET', `${AUDIT}?actor=${t.fixture.users.agentA2}`, { token });
    expect(byActor.body.events.map((e: any) => e.action)).toEqual(['login']);

    const now = Date.now();
    const future = await t.call('GET', `${AUDIT}?from=${now + 60_000}`, { token });
    expect(future.body.events).toEqual([]);
    const past = await t.call('GET', `${AUDIT}?to=${now - 60_000}`, { token });
    expect(past.body.events).toEqual([]);
    // Reading the trail is itself audited.
    expect(await t.count("audit_events WHERE action = 'audit.query'")).toBe(7);
  });

  it('answers bad filters with 400 naming the field', async () => {
    const token = await t.login('auditorA');
    const res = await t.call('GET', `${AUDIT}?limit=0&actor=nobody&cursor=-1`, { token });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['actor', 'cursor', 'limit']);
  });

  it("shows only events of actors in the auditor's unit and below", async () => {
    const tree = await addTree(t);
    await recordAudit(t.db.orm, { action: 'freeze.lookup', actorId: tree.agentS });
    await recordAudit(t.db.orm, { action: 'freeze.lookup', actorId: tree.agentD });
    await recordAudit(t.db.orm, { action: 'freeze.lookup', actorId: t.fixture.users.agentB1 });
    await recordAudit(t.db.orm, { action: 'login.failed', target: 'username:ghost' });
    const res = await t.call('GET', `${AUDIT}?action=freeze.`, { token: await t.login('auditorA') });
    expect(res.body.events.map((e: any) => e.actorId).sort()).toEqual([tree.agentD, tree.agentS].sort());
    const anonymous = await t.call('GET', `${AUDIT}?action=login.failed`, { token: await t.login('auditorA') });
    expect(anonymous.body.events).toHaveLength(1);

    const districtScope = await loadOrgScope(t.db.orm, tree.district);
    expect({ ...districtScope, unitIds: districtScope.unitIds.sort() }).toEqual({ unitIds: [tree.district, tree.station].sort(), isRoot: false });
    const cityScope = await loadOrgScope(t.db.orm, t.fixture.orgA);
    expect(cityScope.unitIds).toHaveLength(3);
    expect(cityScope.isRoot).toBe(true);
    expect(await loadOrgScope(t.db.orm, tree.station)).toEqual({ unitIds: [tree.station], isRoot: false });
  });

  it('is for auditors only; nobody can change or delete audit events over HTTP', async () => {
    for (const user of ['agentA1', 'superA', 'adminA'] as const) {
      expect((await t.call('GET', AUDIT, { token: await t.login(user) })).status, user).toBe(403);
    }
    const before = await t.rows(sql`SELECT id::int AS id, action FROM audit_events ORDER BY id`);
    const admin = await t.login('adminA');
    for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
      for (const url of [AUDIT, `${AUDIT}/1`]) {
        const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, payload: { action: 'x' } });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
    }
    const doc = await t.call('GET', '/api/v1/openapi.json');
    const auditPaths = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).filter(([path]) => path.includes('audit'));
    expect(auditPaths.flatMap(([, methods]) => Object.keys(methods))).toEqual(['get']);
    // Earlier events are untouched; the refused requests could only append.
    const after = await t.rows(sql`SELECT id::int AS id, action FROM audit_events ORDER BY id`);
    expect(after.slice(0, before.length)).toEqual(before);
  });
});
