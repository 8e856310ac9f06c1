import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Database } from './database';
import { assertChannel, listenPostgres } from './pg-listener';
import * as schema from './schema';

/** The generated SQL migrations, resolved next to this file so any working directory works. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** Any fixed number: several instances starting together migrate one at a time under it. */
const MIGRATION_LOCK_KEY = 96_110_001;

export interface OpenDatabaseOptions {
  /** PostgreSQL connection URL; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; unset or `memory://` keeps the data in memory. */
  pgliteDir?: string;
  /** node-postgres pool size. */
  poolSize?: number;
  /** Where pool background errors go (a dropped idle connection must not crash the process). */
  onPoolError?: (error: Error) => void;
}

/** Opens PostgreSQL when `databaseUrl` is set, else PGlite; does not migrate. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.pgliteDir);
}

function openPostgres(url: string, options: OpenDatabaseOptions): Database {
  // keepAlive: a connection silently cut (a restarted host, a dropped NAT entry) is noticed.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
  let closing = false;
  // pool.end() resolves before its sockets finish closing, so a server shutting down right
  // after can still fail them: once we are closing, such errors are expected, not news.
  const reportPoolError = (error: Error) => {
    if (!closing) (options.onPoolError ?? ((e: Error) => console.error('postgres pool error', e)))(error);
  };
  pool.on('error', reportPoolError);
  // The pool listens for errors only on idle clients: a checked-out client whose connection
  // dies (a PostgreSQL restart inside a transaction) emits an 'error' nobody handled, which
  // ended the process. Its query fails anyway (the request answers 503); this only reports.
  pool.on('connect', (client) => client.on('error', reportPoolError));
  const orm = drizzleNodePg({ client: pool, schema });
  const listeners = new Set<() => Promise<void>>();
  return {
    kind: 'postgres',
    orm,
    async migrate() {
      // Session-level advisory lock: it must be taken and released on the same connection
      // the migrator uses, hence one checked-out client for the whole run.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    async ping() {
      await orm.execute(sql`SELECT 1`);
    },
    async listen(channel, onNotify, onGap) {
      const stop = await listenPostgres(url, channel, onNotify, onGap);
      listeners.add(stop);
      return async () => {
        listeners.delete(stop);
        await stop();
      };
    },
    close: async () => {
      closing = true;
      await Promise.all([...listeners].map((stop) => stop()));
      return pool.end();
    },
  };
}

async function openPglite(dir: string | undefined): Promise<Database> {
  const client = dir && dir !== 'memory://' ? new PGlite(dir) : new PGlite();
  await client.waitReady;
  const orm = drizzlePglite({ client, schema });
  return {
    kind: 'pglite',
    orm,
    // One process owns a PGlite data dir, so there is nobody to race.
    migrate: () => migratePglite(orm, { migrationsFolder: MIGRATIONS_DIR }),
    async ping() {
      await orm.execute(sql`SELECT 1`);
    },
    // One in-process engine: its own NOTIFY is delivered to its own listeners, and there is no connection to lose.
    async listen(channel, onNotify) {
      assertChannel(channel);
      const unlisten = await client.listen(channel, onNotify);
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    close: () => client.close(),
  };
}
