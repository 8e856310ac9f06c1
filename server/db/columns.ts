import { bigint, timestamp } from 'drizzle-orm/pg-core';

/** A server-decided instant: `timestamptz` from the database clock, so instances agree. */
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** An instant a client observed, stored as the epoch milliseconds it sent. */
export const epochMs = (name: string) => bigint(name, { mode: 'number' });
