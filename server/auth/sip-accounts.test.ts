import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { ha1For, seedSipAccounts, sipHa1 } from './sip-accounts';

const SECRET = 'a-long-shared-pbx-auth-secret';
const REALM = '127.0.0.1';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('SIP account configuration', () => {
  it('reads the realm and PBX secret from the environment and refuses a short secret', () => {
    expect(loadConfig({}).sip).toEqual({ realm: '127.0.0.1' });
    expect(loadConfig({ SIP_REALM: 'pbx.example.org', PBX_AUTH_SECRET: SECRET, SIP_DEMO_DEVICE_PASSWORD: 'demo1234' }).sip).toEqual({ realm: 'pbx.example.org', pbxSecret: SECRET, demoDevicePassword: 'demo1234' });
    expect(() => loadConfig({ PBX_AUTH_SECRET: 'short' })).toThrow(/PBX_AUTH_SECRET/);
    expect(() => loadConfig({ SIP_REALM: 'bad realm' })).toThrow(/SIP_REALM/);
  });
});

/** Issue 14: SIP digest accounts are set by admins, stored as HA1 only and served to the PBX alone. */
describe.each(BACKENDS)('SIP accounts on %s', (kind) => {
  const t = useBackend(kind);
  let pbxApp: FastifyInstance;
  beforeAll(async () => {
    pbxApp = buildApp({ db: t.db, config: { ...TEST_CONFIG, sip: { realm: REALM, pbxSecret: SECRET } } });
    await pbxApp.ready();
  });
  afterAll(async () => {
    await pbxApp?.close();
  });
  const pbx = async (username: string, secret: string | null = SECRET, query = '') => {
    const res = await pbxApp.inject({ method: 'GET', url: `/api/v1/pbx/credentials/${username}${query}`, headers: secret === null ? {} : { 'x-pbx-secret': secret } });
    return { status: res.statusCode, body: res.body };
  };
  const setSip = (token: string, userId: string, sipPassword: string | null) => t.call('POST', `/api/v1/users/${userId}/sip-password`, { token, body: { sipPassword } });

  it('stores only the HA1 of an admin-set SIP password and serves it to the PBX alone', async () => {
    const admin = await t.login('adminA');
    expect((await setSip(admin, t.fixture.users.agentA1, 'phone-secret-1')).status).toBe(204);
    const [row] = await t.rows<{ username: string; ha1: string; realm: string }>(sql`SELECT username, ha1, realm FROM sip_accounts`);
    expect(row).toEqual({ username: '1001', ha1: md5(`1001:${REALM}:phone-secret-1`), realm: REALM });
    // The password itself is nowhere in the database, not even in the audit trail.
    const everything = JSON.stringify(await t.rows(sql`SELECT detail FROM audit_events`)) + JSON.stringify(await t.rows(sql`SELECT * FROM sip_accounts`));
    expect(everything).not.toContain('phone-secret-1');
    expect(await pbx('1001')).toEqual({ status: 200, body: md5(`1001:${REALM}:phone-secret-1`) });
    // Never returned to people: not in the user list, not in the session, not to the admin.
    const listed = await t.call('GET', '/api/v1/users', { token: admin });
    const me = await t.call('GET', '/api/v1/auth/me', { token: await t.login('agentA1') });
    for (const body of [listed.body, me.body]) expect(JSON.stringify(body)).not.toMatch(/ha1|[0-9a-f]{32}|phone-secret/i);
    // Cleared: the phone can no longer authenticate.
    expect((await setSip(admin, t.fixture.users.agentA1, null)).status).toBe(204);
    expect((await pbx('1001')).status).toBe(404);
    const actions = (await t.rows<{ action: string }>(sql`SELECT action FROM audit_events WHERE action LIKE 'user.sip%' ORDER BY id`)).map((r) => r.action);
    expect(actions).toEqual(['user.sip-password-set', 'user.sip-password-clear']);
  });

  it('is admin-only, scoped to the admin’s units, and refuses bad input with 4xx', async () => {
    const admin = await t.login('adminA');
    expect((await setSip(await t.login('agentA1'), t.fixture.users.agentA1, 'phone-secret-1')).status).toBe(403);
    expect((await setSip(await t.login('superA'), t.fixture.users.agentA1, 'phone-secret-1')).status).toBe(403);
    expect((await t.call('POST', `/api/v1/users/${t.fixture.users.agentA1}/sip-password`, { body: { sipPassword: 'phone-secret-1' } })).status).toBe(401);
    expect((await setSip(admin, t.fixture.users.agentB1, 'phone-secret-1')).status).toBe(404);
    expect((await setSip(admin, t.fixture.users.agentA1, 'short')).status).toBe(400);
    expect((await setSip(admin, t.fixture.users.agentA1, 'nul\u0000inside')).status).toBe(400);
    expect((await t.call('POST', `/api/v1/users/${t.fixture.users.agentA1}/sip-password`, { token: admin, body: {} })).status).toBe(400);
    // superA has no extension: nothing to authenticate as.
    expect((await setSip(admin, t.fixture.users.superA, 'phone-secret-1')).status).toBe(400);
    expect(await t.count('sip_accounts')).toBe(0);
  });

  it('answers the PBX only with its secret: 401 without or wrong, 404 unknown, disabled or other realm, 400 malformed', async () => {
    const admin = await t.login('adminA');
    await setSip(admin, t.fixture.users.agentA1, 'phone-secret-1');
    expect((await pbx('1001', null)).status).toBe(401);
    expect((await pbx('1001', 'a-long-shared-pbx-auth-secreX')).status).toBe(401);
    expect((await pbx('1001', 'short')).status).toBe(401);
    expect((await pbx('1001', SECRET, '?realm=example.org')).status).toBe(404);
    expect((await pbx('9999')).status).toBe(404);
    expect((await pbx('bad%20name')).status).toBe(400);
    // The default app has no PBX secret configured: it never serves an HA1.
    expect((await t.call('GET', '/api/v1/pbx/credentials/1001')).status).toBe(401);
    expect((await t.call('GET', '/api/v1/pbx/credentials/1001', { headers: { 'x-pbx-secret': '' } })).status).toBe(401);
    // A disabled user's phone cannot register.
    await t.call('POST', `/api/v1/users/${t.fixture.users.agentA1}/disable`, { token: admin, body: { reason: '离职' } });
    expect((await pbx('1001')).status).toBe(404);
  });

  it('seeds every user with an extension and the demo devices, once, leaving admin changes alone', async () => {
    const admin = await t.login('adminA');
    await setSip(admin, t.fixture.users.agentA1, 'phone-secret-1');
    expect(await seedSipAccounts(t.db.orm, REALM, 'demo1234')).toBe(4);
    expect(await seedSipAccounts(t.db.orm, REALM, 'demo1234')).toBe(0);
    expect(await pbx('1001')).toEqual({ status: 200, body: sipHa1('1001', REALM, 'phone-secret-1') });
    expect(await pbx('2001')).toEqual({ status: 200, body: sipHa1('2001', REALM, 'demo1234') });
    expect(await pbx('14700000012')).toEqual({ status: 200, body: sipHa1('14700000012', REALM, 'demo1234') });
    // Without the demo device rule a citizen-like number is unknown.
    expect((await pbx('13800138000')).status).toBe(404);
  });

  it('lets the rig/demo device rule cover citizen-like numbers only, never a user’s extension', async () => {
    const lookup = { realm: REALM, demoDevicePassword: 'demo1234' };
    expect(await ha1For(t.db.orm, '13800138000', lookup)).toBe(sipHa1('13800138000', REALM, 'demo1234'));
    expect(await ha1For(t.db.orm, '110', lookup)).toBe(sipHa1('110', REALM, 'demo1234'));
    // 1001 is agentA1's extension without an account; 9999 is nobody's and not citizen-like.
    expect(await ha1For(t.db.orm, '1001', lookup)).toBeNull();
    expect(await ha1For(t.db.orm, '9999', lookup)).toBeNull();
    expect(await ha1For(t.db.orm, '13800138000', { realm: REALM })).toBeNull();
  });
});
