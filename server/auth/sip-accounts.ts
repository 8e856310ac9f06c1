import { createHash } from 'node:crypto';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit-log';
import type { Orm } from '../db/database';
import { sipAccounts, users } from '../db/schema';
import { ApiHttpError } from '../http/api-error';
import type { AccountActor } from './user-admin';

/** HA1 of RFC 2617/7616 digest (MD5): md5(username:realm:password), lower-case hex. */
export function sipHa1(username: string, realm: string, password: string): string {
  return createHash('md5').update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}

/** Numbers a rig/demo device may register as without being provisioned (citizens' phones, police seats, the centre). */
const DEMO_DEVICE_RE = /^(1[3-9][0-9]{9}|0[1-9][0-9]{8,10}|110|119|120|122|96110)$/;

/** How the PBX endpoint finds an HA1: the realm it authenticates in and the demo's device rule. */
export interface Ha1Lookup {
  realm: string;
  /**
   * Rig and demo only (`SIP_DEMO_DEVICE_PASSWORD`): a citizen-like number that is neither a
   * provisioned account nor a user's extension gets the HA1 of this password, so the caller
   * simulator can register as any test number. Never set in production.
   */
  demoDevicePassword?: string;
}

/**
 * The HA1 the PBX checks a digest against, or null (no such account, a disabled user, another
 * realm). A user's account follows the user: disabled means their phone cannot register.
 */
export async function ha1For(orm: Orm, username: string, lookup: Ha1Lookup): Promise<string | null> {
  const [row] = await orm
    .select({ ha1: sipAccounts.ha1, realm: sipAccounts.realm, disabledAt: users.disabledAt, userId: sipAccounts.userId })
    .from(sipAccounts)
    .leftJoin(users, eq(users.id, sipAccounts.userId))
    .where(eq(sipAccounts.username, username))
    .limit(1);
  if (row) return row.realm === lookup.realm && !(row.userId && row.disabledAt) ? row.ha1 : null;
  if (!lookup.demoDevicePassword || !DEMO_DEVICE_RE.test(username)) return null;
  // A user's extension without an account stays unusable, even in the demo.
  const [owner] = await orm.select({ id: users.id }).from(users).where(eq(users.sipExtension, username)).limit(1);
  return owner ? null : sipHa1(username, lookup.realm, lookup.demoDevicePassword);
}

/**
 * An admin sets (or with `null` clears) the SIP password of a user in their org scope: the
 * account's username is the user's extension, only the HA1 is stored. Audited, never the password.
 */
export async function setUserSipPassword(orm: Orm, userId: string, password: string | null, realm: string, unitIds: readonly string[], actor: AccountActor): Promise<void> {
  await orm.transaction(async (tx) => {
    const [user] = await tx.select({ orgUnitId: users.orgUnitId, ext: users.sipExtension }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user || !unitIds.includes(user.orgUnitId)) throw new ApiHttpError(404, 'not-found', `No user ${userId} in your org units.`);
    if (password === null) {
      await tx.delete(sipAccounts).where(eq(sipAccounts.userId, userId));
      await recordAudit(tx, { action: 'user.sip-password-clear', actorId: actor.id, target: `user:${userId}`, ip: actor.ip });
      return;
    }
    if (!user.ext) throw new ApiHttpError(400, 'invalid', 'This user has no SIP extension.', { sipPassword: 'no-extension' });
    // The extension may have changed since the account was made: one account per user, named by the extension.
    await tx.delete(sipAccounts).where(eq(sipAccounts.userId, userId));
    const ha1 = sipHa1(user.ext, realm, password);
    await tx
      .insert(sipAccounts)
      .values({ username: user.ext, userId, realm, ha1 })
      .onConflictDoUpdate({ target: sipAccounts.username, set: { userId, realm, ha1, updatedAt: sql`now()` } });
    await recordAudit(tx, { action: 'user.sip-password-set', actorId: actor.id, target: `user:${userId}`, detail: { extension: user.ext }, ip: actor.ip });
  });
}

/** Rig and demo device accounts (no user): the caller simulator's demo number and the automatic caller. */
export const DEMO_DEVICE_ACCOUNTS: readonly string[] = ['14700000012', '96110'];

/**
 * Seeding (SEED_DEMO): every user with an extension and no SIP account, and the demo device
 * accounts, get `password` in `realm`. Idempotent: existing accounts (an admin's change) stay.
 */
export async function seedSipAccounts(orm: Orm, realm: string, password: string): Promise<number> {
  const missing = await orm
    .select({ id: users.id, ext: users.sipExtension })
    .from(users)
    .leftJoin(sipAccounts, eq(sipAccounts.userId, users.id))
    .where(and(isNotNull(users.sipExtension), isNull(sipAccounts.username)));
  const rows = [
    ...missing.map((u) => ({ username: u.ext as string, userId: u.id as string | null, realm, ha1: sipHa1(u.ext as string, realm, password) })),
    ...DEMO_DEVICE_ACCOUNTS.map((d) => ({ username: d, userId: null, realm, ha1: sipHa1(d, realm, password) })),
  ];
  if (rows.length === 0) return 0;
  const inserted = await orm.insert(sipAccounts).values(rows).onConflictDoNothing().returning({ username: sipAccounts.username });
  return inserted.length;
}
