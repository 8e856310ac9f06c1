import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { LoginResponseSchema, SessionUserSchema } from '../../shared/schemas/auth';
import { BACKENDS, FIXTURE_PASSWORD, useBackend } from '../../test/rig/db-backends';
import { hashPassword, verifyPassword } from './password';

const LOGIN = '/api/v1/auth/login';
const ME = '/api/v1/auth/me';

describe('password hashing', () => {
  it('uses argon2id and verifies only the right password', async () => {
    const phc = await hashPassword('s3cret', { memoryCost: 1024, timeCost: 1 });
    expect(phc).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(phc, 's3cret')).toBe(true);
    expect(await verifyPassword(phc, 'S3cret')).toBe(false);
    expect(await verifyPassword('not a hash', 's3cret')).toBe(false);
  });
});

describe.each(BACKENDS)('auth on %s', (kind) => {
  const t = useBackend(kind);
  const attempt = (username: string, password: string) => t.call('POST', LOGIN, { body: { username, password }, headers: { 'x-forwarded-for': '10.9.9.9' } });

  it('signs in with the right password and returns a token, expiry and the user', async () => {
    const res = await attempt('agentA1', FIXTURE_PASSWORD);
    expect(res.status).toBe(200);
    const body = LoginResponseSchema.parse(res.body);
    expect(body.user).toEqual({ id: t.fixture.users.agentA1, username: 'agentA1', displayName: 'agentA1', role: 'call-taker', orgUnitId: t.fixture.orgA, sipExtension: '1001' });
    expect(body.expiresAt - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    expect(body.expiresAt - Date.now()).toBeLessThan(8.1 * 3600_000);
    // Only a hash of the token is stored.
    const [session] = await t.rows(sql`SELECT token_hash FROM sessions`);
    expect(session.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(session.token_hash).not.toContain(body.token);

    const me = await t.call('GET', ME, { token: body.token });
    expect(me.status).toBe(200);
    expect(SessionUserSchema.parse(me.body).id).toBe(t.fixture.users.agentA1);
    const audit = await t.rows(sql`SELECT action, actor_id, ip FROM audit_events`);
    expect(audit).toEqual([{ action: 'login', actor_id: t.fixture.users.agentA1, ip: '127.0.0.1' }]);
  });

  it('refuses a wrong password or unknown user alike, and audits both', async () => {
    const wrong = await attempt('agentA1', 'nope');
    const unknown = await attempt('nobody', 'nope');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid-credentials', message: 'Wrong username or password.' });
    }
    const audit = await t.rows(sql`SELECT action, target, detail FROM audit_events ORDER BY id`);
    expect(audit).toEqual([
      { action: 'login.failed', target: `user:${t.fixture.users.agentA1}`, detail: { reason: 'wrong-password' } },
      { action: 'login.failed', target: 'username:nobody', detail: { reason: 'unknown-user' } },
    ]);
  });

  it('locks the account for 15 minutes after 5 failures, even against the right password', async () => {
    for (let i = 0; i < 4; i++) expect((await attempt('agentA1', `wrong-${i}`)).status).toBe(401);
    // A success in between resets the count.
    expect((await attempt('agentA1', FIXTURE_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await attempt('agentA1', `wrong-${i}`)).status).toBe(401);
    const locked = await attempt('agentA1', FIXTURE_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.body.error).toBe('locked');
    const [user] = await t.rows(sql`SELECT extract(epoch FROM locked_until - now())::int AS seconds FROM users WHERE username = 'agentA1'`);
    expect(user.seconds).toBeGreaterThan(14 * 60);
    expect(user.seconds).toBeLessThanOrEqual(15 * 60);
    const actions = (await t.rows(sql`SELECT action FROM audit_events ORDER BY id`)).map((r) => r.action);
    expect(actions.filter((a) => a === 'account.locked')).toHaveLength(1);
    expect(actions.at(-1)).toBe('login.locked');
    // Other users are unaffected; the lock lifts when it expires.
    expect((await attempt('agentA2', FIXTURE_PASSWORD)).status).toBe(200);
    await t.rows(sql`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'agentA1'`);
    expect((await attempt('agentA1', FIXTURE_PASSWORD)).status).toBe(200);
  });

  it('answers 401 for a missing, malformed, unknown or expired token', async () => {
    const token = await t.login('agentA1');
    const cases: Array<Record<string, string>> = [{}, { authorization: 'Basic abc' }, { authorization: `Bearer ${'x'.repeat(43)}` }];
    for (const headers of cases) {
      const res = await t.call('GET', ME, { headers });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('token') });
    }
    await t.rows(sql`UPDATE sessions SET expires_at = now() - interval '1 second'`);
    const expired = await t.call('GET', ME, { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('unauthorized');
  });

  it('ends the session on logout', async () => {
    const token = await t.login('agentA1');
    const out = await t.call('POST', '/api/v1/auth/logout', { token, body: {} });
    expect(out.status).toBe(204);
    expect((await t.call('GET', ME, { token })).status).toBe(401);
    expect(await t.count('sessions')).toBe(0);
    const actions = (await t.rows(sql`SELECT action FROM audit_events ORDER BY id`)).map((r) => r.action);
    expect(actions).toEqual(['login', 'logout']);
  });

  it('keeps audit events append-only at the database', async () => {
    await attempt('agentA1', 'nope');
    await expect(t.rows(sql`UPDATE audit_events SET action = 'login'`)).rejects.toThrow();
    await expect(t.rows(sql`DELETE FROM audit_events`)).rejects.toThrow();
    expect(await t.count('audit_events')).toBe(1);
  });

  it('validates the login body', async () => {
    const res = await t.call('POST', LOGIN, { body: { username: '', password: 5 } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid', fields: { username: expect.any(String), password: 'invalid_type' } });
  });
});
