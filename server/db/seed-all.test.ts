import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import type { ServerConfig } from '../config';
import { syntheticAccount, syntheticFreezeRecord, SYNTHETIC_FREEZE_SOURCE, syntheticHolderName } from '../freeze/synthetic-freeze';
import { parseSeedArgs } from './seed-args';
import { seedAll } from './seed-all';
import { DEMO_ORG_CODE, DEMO_PASSWORD, DEMO_USERS } from './seed-demo';
import { DEMO_TREE_UNITS, DEMO_TREE_USERS } from './seed-org-tree';

const COST = TEST_CONFIG.argon2 as ServerConfig['argon2'];
const COUNTED = ['org_units', 'users', 'templates', 'freeze_records', 'warning_instructions', 'sms_outbox', 'sms_dev_messages'];

describe.each(BACKENDS)('seed (npm run seed) on %s', (kind) => {
  const t = useBackend(kind);
  const counts = async (): Promise<Record<string, number>> => Object.fromEntries(await Promise.all(COUNTED.map(async (table) => [table, await t.count(table)] as const)));
  const loginAs = (username: string) => t.call('POST', '/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD } });

  it('creates the demo tree, templates, 500 synthetic freeze records and 12 warnings; a second run adds nothing', async () => {
    const before = await counts();
    const first = await seedAll(t.db.orm, { cost: COST, freeze: 500, freezeBatchSize: 200 });
    expect(first.createdUsers.sort()).toEqual([...DEMO_USERS, ...DEMO_TREE_USERS].map((u) => u.username).sort());
    expect(first.createdUnits).toEqual(DEMO_TREE_UNITS.map((u) => u.code));
    expect(first.templates).toBeGreaterThan(10);
    expect(first.freeze).toMatchObject({ inserted: 500, before: 0 });
    expect(first.warnings).toEqual({ created: 12, unchanged: 0 });
    const after = await counts();
    expect(after.users! - before.users!).toBe(DEMO_USERS.length + DEMO_TREE_USERS.length);
    expect(after.org_units! - before.org_units!).toBe(1 + DEMO_TREE_UNITS.length);
    expect(after.freeze_records).toBe(500);
    expect(after.warning_instructions).toBe(12);

    const second = await seedAll(t.db.orm, { cost: COST, freeze: 500, freezeBatchSize: 200 });
    expect(second).toMatchObject({ createdUsers: [], createdUnits: [], templates: 0, warnings: { created: 0, unchanged: 12 } });
    expect(second.freeze).toMatchObject({ inserted: 0, before: 500 });
    expect(await counts()).toEqual(after);
  });

  it('tree: districts under the demo centre, stations under the districts; existing demo users stay in the centre', async () => {
    await seedAll(t.db.orm, { cost: COST, freeze: 0 });
    const units = await t.rows<{ code: string; kind: string; parent: string | null }>(
      sql`SELECT o.code, o.kind, p.code AS parent FROM org_units o LEFT JOIN org_units p ON p.id = o.parent_id WHERE o.code LIKE 'demo-%' ORDER BY o.code`,
    );
    expect(units).toEqual([
      { code: 'demo-centre', kind: 'city', parent: null },
      { code: 'demo-district-east', kind: 'district', parent: 'demo-centre' },
      { code: 'demo-district-west', kind: 'district', parent: 'demo-centre' },
      { code: 'demo-station-east-1', kind: 'station', parent: 'demo-district-east' },
      { code: 'demo-station-west-1', kind: 'station', parent: 'demo-district-west' },
    ]);
    const homes = await t.rows<{ username: string; code: string }>(sql`SELECT u.username, o.code FROM users u JOIN org_units o ON o.id = u.org_unit_id`);
    for (const u of DEMO_USERS) expect(homes.find((h) => h.username === u.username)?.code).toBe(DEMO_ORG_CODE);
    expect(homes.find((h) => h.username === 'officer3001')?.code).toBe('demo-station-east-1');
    expect(await t.count("freeze_records")).toBe(0);
  });

  it('every demo user signs in with the demo password; the auditor reads the audit trail and nothing else', async () => {
    await seedAll(t.db.orm, { cost: COST, freeze: 20 });
    for (const u of [...DEMO_USERS, ...DEMO_TREE_USERS]) expect((await loginAs(u.username)).status, u.username).toBe(200);
    const auditor = (await loginAs('auditor')).body.token as string;
    expect((await t.call('GET', '/api/v1/audit', { token: auditor })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', { token: auditor })).body.role).toBe('auditor');
    for (const [method, url, body] of [
      ['GET', '/api/v1/sync/pull?cursor=0', undefined],
      ['GET', '/api/v1/warning-instructions', undefined],
      ['GET', '/api/v1/templates', undefined],
      ['POST', '/api/v1/freeze-records/lookup', { by: 'account', value: syntheticAccount(3) }],
      ['POST', '/api/v1/sync/push', { clientId: '00000000-0000-4000-8000-000000000001', mutations: [] }],
    ] as const) {
      expect((await t.call(method, url, { token: auditor, body })).status, url).toBe(403);
    }
  });

  it('synthetic rows are the generator’s rows, obviously marked, and found by the look-up', async () => {
    await seedAll(t.db.orm, { cost: COST, freeze: 30, freezeBatchSize: 7 });
    const [row] = await t.rows(sql`SELECT holder_name, id_number, phone, account_number, authority, notice_number, measure_type, holder_role, starts_at::text AS starts_at FROM freeze_records WHERE source_id = 'SYN-F-12'`);
    const expected = syntheticFreezeRecord(12);
    expect(row).toEqual({
      holder_name: expected.holderName,
      id_number: expected.idNumber,
      phone: expected.phone,
      account_number: expected.accountNumber,
      authority: expected.authority,
      notice_number: expected.noticeNumber,
      measure_type: expected.measureType,
      holder_role: expected.holderRole,
      starts_at: String(expected.startsAt),
    });
    expect(expected.holderName).toContain('合成');
    expect(expected.authority).toMatch(/^（合成数据）/);
    expect(expected.noticeNumber).toMatch(/^SYN-/);
    const marked = await t.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM freeze_records WHERE source = ${SYNTHETIC_FREEZE_SOURCE} AND notice_number LIKE 'SYN-%' AND authority LIKE '（合成数据）%' AND holder_name LIKE '%（合成）'`);
    expect(marked[0]?.n).toBe(30);

    const agent = (await loginAs('agent1001')).body.token as string;
    const found = await t.call('POST', '/api/v1/freeze-records/lookup', { token: agent, body: { by: 'name', value: syntheticHolderName(12), partialNumber: syntheticAccount(12).slice(-4) } });
    expect(found.status).toBe(200);
    expect(found.body.results.map((r: { noticeNumber: string }) => r.noticeNumber)).toEqual(['SYN-12']);
  });

  it('the demo centre’s warning queue holds all four grades', async () => {
    await seedAll(t.db.orm, { cost: COST, freeze: 0 });
    const agent = (await loginAs('agent1001')).body.token as string;
    const queue = await t.call('GET', '/api/v1/warning-instructions', { token: agent });
    expect(queue.status).toBe(200);
    expect(new Set(queue.body.items.map((i: { grade: string }) => i.grade))).toEqual(new Set(['extreme', 'high', 'medium', 'low']));
    expect(queue.body.items.every((i: { personName: string }) => i.personName.startsWith('（合成）'))).toBe(true);
    const grades = await t.rows<{ grade: string; n: number }>(sql`SELECT grade, count(*)::int AS n FROM warning_instructions GROUP BY grade ORDER BY grade`);
    expect(grades.map((g) => g.n)).toEqual([3, 3, 3, 3]);
  });
});

describe('seed arguments', () => {
  it('defaults to 100,000 synthetic freeze records and refuses nonsense', () => {
    expect(parseSeedArgs([])).toEqual({ freeze: 100_000 });
    expect(parseSeedArgs(['--freeze', '1000000'])).toEqual({ freeze: 1_000_000 });
    expect(parseSeedArgs(['--freeze=500'])).toEqual({ freeze: 500 });
    expect(parseSeedArgs(['--no-freeze'])).toEqual({ freeze: 0 });
    expect(() => parseSeedArgs(['--freeze'])).toThrow(/--freeze/);
    expect(() => parseSeedArgs(['--freeze', '-3'])).toThrow(/--freeze/);
    expect(() => parseSeedArgs(['--fast'])).toThrow(/unknown argument --fast/);
  });
});
