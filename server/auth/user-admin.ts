import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Role } from '../../shared/schemas/auth';
import type { ManagedUser } from '../../shared/schemas/users';
import { recordAudit } from '../audit/audit-log';
import type { Orm } from '../db/database';
import { sessions, users } from '../db/schema';
import { ApiHttpError } from '../http/api-error';
import { hashPassword, verifyPassword, type PasswordCost } from './password';

/** Who acts on an account: the admin (or the user themselves), where from. */
export interface AccountActor {
  id: string;
  ip: string | null;
}

/**
 * Ends every session of a user (or all but `keepTokenHash`): their bearer tokens fail with
 * 401 from the next request on, on every instance, since sessions live only in the database.
 */
export async function endSessions(orm: Orm, userId: string, keepTokenHash?: string): Promise<number> {
  const where = keepTokenHash ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash)) : eq(sessions.userId, userId);
  const ended = await orm.delete(sessions).where(where).returning({ tokenHash: sessions.tokenHash });
  return ended.length;
}

const notFound = (id: string) => new ApiHttpError(404, 'not-found', `No user ${id} in your org units.`);

/** The users of an admin's org scope, with their account state (no case data). */
export async function listUsers(orm: Orm, unitIds: readonly string[]): Promise<ManagedUser[]> {
  const rows = await orm
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      orgUnitId: users.orgUnitId,
      disabledAt: users.disabledAt,
      lockedUntil: sql<Date | null>`case when ${users.lockedUntil} > now() then ${users.lockedUntil} end`,
      sessions: sql<number>`(SELECT count(*)::int FROM sessions s WHERE s.user_id = ${users.id} AND s.expires_at > now())`,
    })
    .from(users)
    .where(inArray(users.orgUnitId, [...unitIds]))
    .orderBy(asc(users.username));
  return rows.map((r) => ({
    ...r,
    role: r.role as Role,
    disabledAt: r.disabledAt?.getTime() ?? null,
    lockedUntil: r.lockedUntil ? new Date(r.lockedUntil).getTime() : null,
    sessions: Number(r.sessions),
  }));
}

/** Loads a user the admin may manage (in their org scope), or 404 without saying whether it exists elsewhere. */
async function managed(orm: Orm, userId: string, unitIds: readonly string[]): Promise<{ id: string }> {
  const [row] = await orm.select({ id: users.id, orgUnitId: users.orgUnitId }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row || !unitIds.includes(row.orgUnitId)) throw notFound(userId);
  return row;
}

/** Disables an account and ends its sessions at once, in one transaction, audited with the reason. */
export async function disableUser(orm: Orm, userId: string, reason: string, unitIds: readonly string[], actor: AccountActor): Promise<void> {
  if (userId === actor.id) throw new ApiHttpError(400, 'invalid', 'You cannot disable your own account.', { id: 'self' });
  await orm.transaction(async (tx) => {
    await managed(tx, userId, unitIds);
    await tx.update(users).set({ disabledAt: sql`coalesce(${users.disabledAt}, now())` }).where(eq(users.id, userId));
    const ended = await endSessions(tx, userId);
    await recordAudit(tx, { action: 'user.disable', actorId: actor.id, target: `user:${userId}`, detail: { reason, sessionsEnded: ended }, ip: actor.ip });
  });
}

/** Enables an account again (and clears a lockout), audited. */
export async function enableUser(orm: Orm, userId: string, unitIds: readonly string[], actor: AccountActor): Promise<void> {
  await orm.transaction(async (tx) => {
    await managed(tx, userId, unitIds);
    await tx.update(users).set({ disabledAt: null, failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
    await recordAudit(tx, { action: 'user.enable', actorId: actor.id, target: `user:${userId}`, ip: actor.ip });
  });
}

/** An admin sets a new password: the old one and every session stop working, the lockout is cleared; audited (never the password). */
export async function resetPassword(orm: Orm, userId: string, newPassword: string, cost: PasswordCost, unitIds: readonly string[], actor: AccountActor): Promise<void> {
  const passwordHash = await hashPassword(newPassword, cost);
  await orm.transaction(async (tx) => {
    await managed(tx, userId, unitIds);
    await tx.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
    const ended = await endSessions(tx, userId);
    await recordAudit(tx, { action: 'user.password-reset', actorId: actor.id, target: `user:${userId}`, detail: { sessionsEnded: ended }, ip: actor.ip });
  });
}

/**
 * The signed-in user changes their own password, proving the current one; their other
 * sessions end (a stolen token dies with the old password), this one goes on. Audited.
 */
export async function changeOwnPassword(orm: Orm, actor: AccountActor, tokenHash: string, current: string, next: string, cost: PasswordCost): Promise<void> {
  const [row] = await orm.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id)).limit(1);
  if (!row || !(await verifyPassword(row.passwordHash, current))) {
    await recordAudit(orm, { action: 'password.change-failed', actorId: actor.id, target: `user:${actor.id}`, ip: actor.ip });
    throw new ApiHttpError(400, 'invalid', 'The current password is wrong.', { currentPassword: 'wrong-password' });
  }
  if (current === next) throw new ApiHttpError(400, 'invalid', 'The new password must differ from the current one.', { newPassword: 'same-as-current' });
  const passwordHash = await hashPassword(next, cost);
  await orm.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, actor.id));
    const ended = await endSessions(tx, actor.id, tokenHash);
    await recordAudit(tx, { action: 'password.change', actorId: actor.id, target: `user:${actor.id}`, detail: { sessionsEnded: ended }, ip: actor.ip });
  });
}
