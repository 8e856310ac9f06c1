import { eq, sql } from 'drizzle-orm';
import type { LoginRequest, LoginResponse } from '../../shared/schemas/auth';
import { recordAudit } from '../audit/audit-log';
import type { ServerConfig } from '../config';
import type { Orm } from '../db/database';
import { users } from '../db/schema';
import { verifyDecoy, verifyPassword } from './password';
import { createSession, sessionUserColumns, toSessionUser } from './sessions';
import { endSessions } from './user-admin';

/** How a login attempt ended. */
export type LoginOutcome = { kind: 'ok'; response: LoginResponse } | { kind: 'invalid' } | { kind: 'locked'; until: number } | { kind: 'disabled' };

type LoginConfig = Pick<ServerConfig, 'sessionTtlMs' | 'lockout' | 'argon2'>;

/**
 * Checks credentials with lockout: after `maxFailures` wrong passwords in a row the account
 * refuses every attempt (even a right one) for `durationMs`. The lock is checked before
 * the password so a locked account spends no hashing and leaks nothing. Every outcome is
 * audited.
 */
export async function login(orm: Orm, config: LoginConfig, request: LoginRequest, ip: string): Promise<LoginOutcome> {
  const [user] = await orm
    .select({
      ...sessionUserColumns,
      passwordHash: users.passwordHash,
      lockedUntil: users.lockedUntil,
      locked: sql<boolean>`coalesce(${users.lockedUntil} > now(), false)`,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.username, request.username))
    .limit(1);

  if (!user) {
    await verifyDecoy(request.password, config.argon2);
    await recordAudit(orm, { action: 'login.failed', target: `username:${request.username}`, detail: { reason: 'unknown-user' }, ip });
    return { kind: 'invalid' };
  }
  if (user.locked && user.lockedUntil) {
    await recordAudit(orm, { action: 'login.locked', actorId: user.id, target: `user:${user.id}`, ip });
    return { kind: 'locked', until: user.lockedUntil.getTime() };
  }
  if (!(await verifyPassword(user.passwordHash, request.password))) {
    await recordFailure(orm, config, user.id, ip);
    return { kind: 'invalid' };
  }

  // Said only to someone who knows the password: a guesser learns nothing about the account.
  if (user.disabledAt) {
    await recordAudit(orm, { action: 'login.disabled', actorId: user.id, target: `user:${user.id}`, ip });
    return { kind: 'disabled' };
  }
  await orm.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
  const session = await createSession(orm, user.id, config.sessionTtlMs);
  await recordAudit(orm, { action: 'login', actorId: user.id, target: `user:${user.id}`, ip });
  const { passwordHash: _hash, lockedUntil: _until, locked: _locked, disabledAt: _disabled, ...sessionUser } = user;
  return { kind: 'ok', response: { token: session.token, expiresAt: session.expiresAt, user: toSessionUser(sessionUser) } };
}

/** Counts a failure in one statement (concurrent attempts cannot lose a count) and locks at the threshold. */
async function recordFailure(orm: Orm, config: LoginConfig, userId: string, ip: string): Promise<void> {
  const { maxFailures, durationMs } = config.lockout;
  const [row] = await orm
    .update(users)
    .set({
      failedLogins: sql`case when ${users.failedLogins} + 1 >= ${maxFailures} then 0 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${maxFailures} then now() + ${durationMs} * interval '1 millisecond' else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId))
    .returning({ lockedUntil: users.lockedUntil, failedLogins: users.failedLogins });
  await recordAudit(orm, { action: 'login.failed', actorId: userId, target: `user:${userId}`, detail: { reason: 'wrong-password' }, ip });
  if (row?.lockedUntil && row.failedLogins === 0 && row.lockedUntil.getTime() > Date.now()) {
    // Someone is guessing this password: a session they may already hold (or stole) ends too.
    const ended = await endSessions(orm, userId);
    await recordAudit(orm, { action: 'account.locked', actorId: userId, target: `user:${userId}`, detail: { until: row.lockedUntil.getTime(), sessionsEnded: ended }, ip });
  }
}
