import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Role, SessionUser } from '../../shared/schemas/auth';
import type { Orm } from '../db/database';
import { sessions, users } from '../db/schema';
import { hashToken, newToken } from './tokens';

/** The signed-in caller of a request: the user plus their session's identity and expiry. */
export interface AuthSession {
  user: SessionUser;
  tokenHash: string;
  expiresAt: number;
}

/** Columns that make a SessionUser, shared by login and token look-up. */
export const sessionUserColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  orgUnitId: users.orgUnitId,
  sipExtension: users.sipExtension,
};

/** Narrows a selected row to SessionUser (the role column is constrained by a CHECK). */
export const toSessionUser = (row: { id: string; username: string; displayName: string; role: string; orgUnitId: string; sipExtension: string | null }): SessionUser => ({
  ...row,
  role: row.role as Role,
});

/** Starts a session; expiry is computed by the database clock so all instances agree. */
export async function createSession(orm: Orm, userId: string, ttlMs: number): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const [row] = await orm
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId, expiresAt: sql`now() + ${ttlMs} * interval '1 millisecond'` })
    .returning({ expiresAt: sessions.expiresAt });
  if (!row) throw new Error('session insert returned nothing');
  return { token, expiresAt: row.expiresAt.getTime() };
}

function prepareFindSession(orm: Orm) {
  return (
    orm
      .select({ ...sessionUserColumns, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      // A disabled user's sessions are deleted when disabled; the check here also covers a race with a login.
      .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)))
      .limit(1)
      .prepare('find_session')
  );
}

/**
 * Every authenticated request runs this; building it with the query builder each time was a
 * visible share of a loaded record store's CPU, so it is prepared once per database handle.
 */
const findSessionStatements = new WeakMap<Orm, ReturnType<typeof prepareFindSession>>();

/** The live session for a bearer token, or null when unknown, expired, or its user disabled. */
export async function findSession(orm: Orm, token: string): Promise<AuthSession | null> {
  return findSessionByHash(orm, hashToken(token));
}

/** `findSession` for a token already hashed. */
export async function findSessionByHash(orm: Orm, tokenHash: string): Promise<AuthSession | null> {
  let statement = findSessionStatements.get(orm);
  if (!statement) findSessionStatements.set(orm, (statement = prepareFindSession(orm)));
  const [row] = await statement.execute({ tokenHash });
  if (!row) return null;
  const { expiresAt, ...user } = row;
  return { user: toSessionUser(user), tokenHash, expiresAt: expiresAt.getTime() };
}

/** True while a session exists, has not expired and its user is not disabled (long-lived streams re-check it). */
export async function sessionAlive(orm: Orm, tokenHash: string): Promise<boolean> {
  const [row] = await orm
    .select({ one: sql<number>`1` })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)))
    .limit(1);
  return row !== undefined;
}

/** Ends a session (logout); expired sessions of everyone are swept at the same time. */
export async function deleteSession(orm: Orm, tokenHash: string): Promise<void> {
  await orm.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
  await orm.delete(sessions).where(sql`${sessions.expiresAt} < now() - interval '1 day'`);
}
