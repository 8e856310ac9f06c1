import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, FIXTURE_PASSWORD, useBackend } from '../../test/rig/db-backends';

const NEW_PASSWORD = 'a much longer new password';

/** Issue 15, sessions and users: disable, lockout, password change and reset end sessions at once, all audited. */
describe.each(BACKENDS)('sessions and users on %s', (kind) => {
  const t = useBackend(kind);
  const me = (token: string) => t.call('GET', '/api/v1/auth/me', { token });
  const signIn = (username: string, password = FIXTURE_PASSWORD) => t.call('POST', '/api/v1/auth/login', { body: { username, password } });
  const actions = async (target: string) => (await t.rows<{ action: string }>(sql`SELECT action FROM audit_events WHERE target = ${target} ORDER BY id`)).map((r) => r.action);

  it('lets an admin disable a user: their tokens fail at once, sign-in is refused, until enabled again', async () => {
    const [agent, admin] = [await t.login('agentA1'), await t.login('adminA')];
    const agentId = t.fixture.users.agentA1;
    expect((await me(agent)).status).toBe(200);
    expect((await t.call('POST', `/api/v1/users/${agentId}/disable`, { token: admin, body: { reason: '调岗' } })).status).toBe(204);
    expect((await me(agent)).status).toBe(401);
    expect((await t.call('POST', '/api/v1/sync/push', { token: agent, body: { clientId: agentId, mutations: [] } })).status).toBe(401);
    const refused = await signIn('agentA1');
    expect(refused.status).toBe(403);
    // A wrong password is still just a wrong password: the account's state is not told to a guesser.
    expect((await signIn('agentA1', 'wrong password')).status).toBe(401);
    const listed = await t.call('GET', '/api/v1/users', { token: admin });
    const row = listed.body.users.find((u: { id: string }) => u.id === agentId);
    expect(row).toMatchObject({ username: 'agentA1', sessions: 0 });
    expect(row.disabledAt).toEqual(expect.any(Number));
    expect(JSON.stringify(listed.body)).not.toContain('argon2');

    expect((await t.call('POST', `/api/v1/users/${agentId}/enable`, { token: admin })).status).toBe(204);
    expect((await signIn('agentA1')).status).toBe(200);
    const [disable] = await t.rows<{ detail: { reason: string; sessionsEnded: number } }>(sql`SELECT detail FROM audit_events WHERE action = 'user.disable'`);
    expect(disable?.detail).toEqual({ reason: '调岗', sessionsEnded: 1 });
    expect(await actions(`user:${agentId}`)).toEqual(expect.arrayContaining(['user.disable', 'login.disabled', 'user.enable']));
  });

  it('keeps an admin to their own org subtree and away from their own account', async () => {
    const admin = await t.login('adminA');
    expect((await t.call('POST', `/api/v1/users/${t.fixture.users.agentB1}/disable`, { token: admin, body: { reason: 'x' } })).status).toBe(404);
    expect((await t.call('POST', `/api/v1/users/${t.fixture.users.agentB1}/password`, { token: admin, body: { newPassword: NEW_PASSWORD } })).status).toBe(404);
    expect((await t.call('POST', `/api/v1/users/${t.fixture.users.adminA}/disable`, { token: admin, body: { reason: 'x' } })).status).toBe(400);
    // A NUL in the reason (which goes to the trail's jsonb) is a field error, not a 500.
    const nul = await t.call('POST', `/api/v1/users/${t.fixture.users.agentA1}/disable`, { token: admin, body: { reason: 'a\u0000b' } });
    expect(nul.status).toBe(400);
    expect(Object.keys(nul.body.fields)).toEqual([expect.stringMatching(/(^|\.)reason$/)]);
    const listed = await t.call('GET', '/api/v1/users', { token: admin });
    expect(listed.body.users.map((u: { username: string }) => u.username)).not.toContain('agentB1');
  });

  it('ends the sessions of an account when it locks', async () => {
    const agent = await t.login('agentA1');
    for (let i = 0; i < 5; i++) await signIn('agentA1', 'wrong password');
    expect((await signIn('agentA1')).status).toBe(423);
    expect((await me(agent)).status).toBe(401);
    expect(await t.count('sessions')).toBe(0);
    const [locked] = await t.rows<{ detail: { sessionsEnded: number } }>(sql`SELECT detail FROM audit_events WHERE action = 'account.locked'`);
    expect(locked?.detail.sessionsEnded).toBe(1);
  });

  it('lets a user change their password: the other sessions end, this one goes on', async () => {
    const [here, there] = [await t.login('agentA1'), await t.login('agentA1')];
    const wrong = await t.call('POST', '/api/v1/auth/password', { token: here, body: { currentPassword: 'not it', newPassword: NEW_PASSWORD } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual({ currentPassword: 'wrong-password' });
    const short = await t.call('POST', '/api/v1/auth/password', { token: here, body: { currentPassword: FIXTURE_PASSWORD, newPassword: 'short' } });
    expect(short.status).toBe(400);
    expect((await t.call('POST', '/api/v1/auth/password', { token: here, body: { currentPassword: FIXTURE_PASSWORD, newPassword: NEW_PASSWORD } })).status).toBe(204);
    expect((await me(here)).status).toBe(200);
    expect((await me(there)).status).toBe(401);
    expect((await signIn('agentA1')).status).toBe(401);
    expect((await signIn('agentA1', NEW_PASSWORD)).status).toBe(200);
    expect(await actions(`user:${t.fixture.users.agentA1}`)).toEqual(expect.arrayContaining(['password.change-failed', 'password.change']));
  });

  it('lets an admin reset a password: the old one and every session stop working, and a lockout is cleared', async () => {
    const agent = await t.login('agentA1');
    const admin = await t.login('adminA');
    for (let i = 0; i < 5; i++) await signIn('agentA1', 'wrong password');
    expect((await t.call('POST', `/api/v1/users/${t.fixture.users.agentA1}/password`, { token: admin, body: { newPassword: NEW_PASSWORD } })).status).toBe(204);
    expect((await me(agent)).status).toBe(401);
    expect((await signIn('agentA1')).status).toBe(401);
    expect((await signIn('agentA1', NEW_PASSWORD)).status).toBe(200);
    const [reset] = await t.rows<{ actor_id: string; detail: Record<string, unknown> }>(sql`SELECT actor_id, detail FROM audit_events WHERE action = 'user.password-reset'`);
    expect(reset?.actor_id).toBe(t.fixture.users.adminA);
    expect(JSON.stringify(reset?.detail)).not.toContain(NEW_PASSWORD);
  });
});
