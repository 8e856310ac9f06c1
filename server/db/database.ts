import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** Which engine is underneath; everything above this seam runs the same SQL on both. */
export type DbKind = 'postgres' | 'pglite';

/**
 * The drizzle handle every query goes through. It is the common supertype of the
 * node-postgres and PGlite databases and of their transactions, so repository functions
 * take an `Orm` and work inside or outside a transaction alike.
 */
export type Orm = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open record-store database. */
export interface Database {
  readonly kind: DbKind;
  readonly orm: Orm;
  /** Applies pending migrations from server/db/migrations (safe to call from several instances at once). */
  migrate(): Promise<void>;
  /** Cheap liveness probe for the health route. */
  ping(): Promise<void>;
  /**
   * Subscribes to `NOTIFY channel` from any connection (on PostgreSQL, from every instance
   * sharing the database). `onGap` runs after the listening connection was lost and
   * re-established, since notifications sent meanwhile are gone. Resolves once listening;
   * the returned function stops it. `channel` must be a plain lower-case identifier.
   */
  listen(channel: string, onNotify: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * Runs raw SQL and returns its rows. Both drivers answer `{ rows }`, but drizzle types the
 * result per driver; this is the one place that knows they agree. Note the drivers differ
 * in scalar parsing (node-postgres returns int8 as a string, PGlite as a number), so
 * callers convert with `Number()` or cast in SQL.
 */
export async function queryRows<T>(orm: Orm, query: SQL): Promise<T[]> {
  const result = (await orm.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
