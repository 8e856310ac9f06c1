/**
 * SIP digest accounts (issue 14, migration 0011), kept apart from the core schema.
 * Re-exported by schema.ts, which drizzle-kit reads; import them from there.
 */
import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './schema';

/** One SIP account: the PBX's digest username and its HA1 for one realm (never the password). */
export const sipAccounts = pgTable(
  'sip_accounts',
  {
    /** The digest username: a user's extension, or a device account's number. */
    username: text('username').primaryKey(),
    /** The owning user (their own phone); null for a device account (caller simulator, automatic caller). */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    realm: text('realm').notNull(),
    /** md5(username:realm:password), lower-case hex. */
    ha1: text('ha1').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sip_accounts_user_key').on(t.userId),
    check('sip_accounts_ha1_check', sql`${t.ha1} ~ '^[0-9a-f]{32}$'`),
    check('sip_accounts_username_check', sql`${t.username} ~ '^[0-9A-Za-z._+-]{1,64}$'`),
  ],
);
