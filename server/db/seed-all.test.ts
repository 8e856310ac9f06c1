import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import type { ServerConfig } from '../config';
import { validateLookupQuery, type LookupQueryInput } from '../../shared/validation/lookup-query';
import { syntheticAccount, syntheticFreezeInsertSql, syntheticFreezeRecord, SYNTHETIC_FREEZE_MAX_ROWS, SYNTHETIC_FREEZE_SOURCE, syntheticHolderName } from '../freeze/synthetic-freeze';
import { parseSeedArgs } from './seed-args';
import { seedAll } from './seed-all';
import { DEMO_ORG_CODE, DEMO_PASSWORD, DEMO_USERS } from './seed-demo';
import { DEMO_TREE_UNITS, DEMO_TREE_USERS } from './seed-org-tree';
import { DEMO_WARNING_COUNT } from './seed-warnings';

const COST = TEST_CONFIG.argon2 as ServerConfig['argon2'];
const COUNTED = ['org_units', 'users', 'templates', 'freeze_records', 'warning_instructions', 'sms_outbox', 'sms_dev_messages'];

describe.each(BACKENDS)('seed (npm run seed) on %s', (kind) => {
  const t = useBackend(kind);
  const counts = async (): Promise<Record<string, number>> => Object.fromEntries(await Promise.all(COUNTED.map(async (table) => [table, await t.count(table)] as const)));
  const loginAs = (username: string) => t.call('POST', '/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD } });

  it('creates the demo tree, templates, 500 synthetic freeze records and a warning per fraud type; a second run adds nothing', async () => {
    const before = await counts();
    const first = await seedAll(t.db.orm, { cost: COST, freeze: 500, freezeBatchSize: 200 });
    expect(first.createdUsers.sort()).toEqual([...DEMO_USERS, ...DEMO_TREE_USERS].map((u) => u.username).sort());
    expect(first.createdUnits).toEqual(DEMO_TREE_UNITS.map((u) => u.code));
    expect(first.templates).toBeGreaterThan(10);
    expect(first.freeze).toMatchObject({ inserted: 500, before: 0 });
    expect(first.warnings).toEqual({ created: DEMO_WARNING_COUNT, unchanged: 0 });
    const after = await counts();
    expect(after.users! - before.users!).toBe(DEMO_USERS.length + DEMO_TREE_USERS.length);
    expect(after.org_units! - before.org_units!).toBe(1 + DEMO_TREE_UNITS.length);
    expect(after.freeze_records).toBe(500);
    expect(after.warning_instructions).toBe(DEMO_WARNING_COUNT);

    const second = await seedAll(t.db.orm, { cost: COST, freeze: 500, freezeBatchSize: 200 });
    expect(second).toMatchObject({ createdUsers: [], createdUnits: [], templates: 0, warnings: { created: 0, unchanged: DEMO_WARNING_COUNT } });
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

  it('every seeded row is the generator’s row, and each look-up kind (as the form sends it) finds seeded records', async () => {
    await seedAll(t.db.orm, { cost: COST, freeze: 40, freezeBatchSize: 15 });
    const rows = await t.rows<Record<string, unknown>>(
      sql`SELECT source_id, holder_name, id_number, phone, account_number, authority, authority_phone, notice_number, measure_type, holder_role, status, starts_at::text AS starts_at, expires_at::text AS expires_at FROM freeze_records ORDER BY starts_at, source_id`,
    );
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      const e = syntheticFreezeRecord(Number(String(row.source_id).slice('SYN-F-'.length)));
      expect(row, String(row.source_id)).toEqual({
        source_id: e.sourceId,
        holder_name: e.holderName,
        id_number: e.idNumber,
        phone: e.phone,
        account_number: e.accountNumber,
        authority: e.authority,
        authority_phone: e.authorityPhone,
        notice_number: e.noticeNumber,
        measure_type: e.measureType,
        holder_role: e.holderRole,
        status: e.status,
        starts_at: String(e.startsAt),
        expires_at: e.expiresAt === undefined ? null : String(e.expiresAt),
      });
    }
    // High row numbers (every digit of the check arithmetic in play) match the JS generator too.
    await t.db.orm.execute(sql.raw(syntheticFreezeInsertSql(987_650, 987_659, 'synthetic-high')));
    await t.db.orm.execute(sql.raw(syntheticFreezeInsertSql(SYNTHETIC_FREEZE_MAX_ROWS - 9, SYNTHETIC_FREEZE_MAX_ROWS, 'synthetic-high')));
    const high = await t.rows<{ source_id: string; id_number: string; account_number: string; phone: string }>(
      sql`SELECT source_id, id_number, account_number, phone FROM freeze_records WHERE source = 'synthetic-high'`,
    );
    expect(high).toHaveLength(20);
    for (const row of high) {
      const e = syntheticFreezeRecord(Number(row.source_id.slice('SYN-F-'.length)));
      expect(row, row.source_id).toEqual({ source_id: e.sourceId, id_number: e.idNumber, account_number: e.accountNumber, phone: e.phone });
    }
    expect(() => syntheticFreezeInsertSql(1, SYNTHETIC_FREEZE_MAX_ROWS + 1)).toThrow(/range/);

    const agent = (await loginAs('agent1001')).body.token as string;
    const r = syntheticFreezeRecord(19);
    const lookUp = async (input: LookupQueryInput): Promise<string[]> => {
      const checked = validateLookupQuery(input);
      if (!checked.ok) throw new Error(`the look-up form refuses ${JSON.stringify(input)}: ${JSON.stringify(checked.errors)}`);
      const res = await t.call('POST', '/api/v1/freeze-records/lookup', { token: agent, body: checked.request });
      expect(res.status, JSON.stringify(input)).toBe(200);
      return res.body.results.map((x: { noticeNumber: string }) => x.noticeNumber);
    };
    // Typed as a caller reads them out: in groups, a lower-case x.
    expect(await lookUp({ by: 'account', value: r.accountNumber.replace(/(\d{4})(?=\d)/g, '$1 ') })).toEqual(['SYN-19']);
    expect(await lookUp({ by: 'idNumber', value: (r.idNumber as string).toLowerCase() })).toEqual(['SYN-19']);
    expect(await lookUp({ by: 'phone', value: `${(r.phone as string).slice(0, 3)} ${(r.phone as string).slice(3, 7)} ${(r.phone as string).slice(7)}` })).toEqual(['SYN-19']);
    expect(await lookUp({ by: 'name', value: r.holderName, partialNumber: r.accountNumber.slice(-6) })).toEqual(['SYN-19']);
    expect(await lookUp({ by: 'name', value: r.holderName, partialNumber: (r.idNumber as string).slice(-4) })).toEqual(['SYN-19']);
    // The authority's number is the same for every row of its branch (19 % 50).
    expect(rows.filter((x) => x.authority_phone === r.authorityPhone).map((x) => x.source_id)).toEqual(['SYN-F-19']);
  });

  it('the demo centre’s warning queue holds all four grades', async () => {
    await seedAll(t.db.orm, { cost: COST, freeze: 0 });
    const agent = (await loginAs('agent1001')).body.token as string;
    const queue = await t.call('GET', '/api/v1/warning-instructions', { token: agent });
    expect(queue.status).toBe(200);
    expect(new Set(queue.body.items.map((i: { grade: string }) => i.grade))).toEqual(new Set(['extreme', 'high', 'medium', 'low']));
    expect(queue.body.items.every((i: { personName: string }) => i.personName.startsWith('（合成）'))).toBe(true);
    const grades = await t.rows<{ grade: string; n: number }>(sql`SELECT grade, count(*)::int AS n FROM warning_instructions GROUP BY grade ORDER BY grade`);
    // 14 instructions, grades in turn: extreme and high get four, medium and low three.
    expect(Object.fromEntries(grades.map((g) => [g.grade, g.n]))).toEqual({ extreme: 4, high: 4, medium: 3, low: 3 });
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
