import { bigint, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './schema';

/**
 * Per workstation database (client id) of a user: the outbox number through which every
 * mutation it pushed is acknowledged (migration 0012). applied_mutations rows at or below it
 * may be pruned, and a mutation arriving with a number at or below it is refused as already
 * acknowledged, never applied a second time.
 */
export const syncClients = pgTable(
  'sync_clients',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id').notNull(),
    ackedThrough: bigint('acked_through', { mode: 'number' }).notNull().default(0),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'sync_clients_pkey', columns: [t.userId, t.clientId] })],
);
