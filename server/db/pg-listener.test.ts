import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../../test/rig/postgres';
import type { Database } from './database';
import { openDatabase } from './open-database';

describe('Database.listen', () => {
  let lite: Database;
  beforeAll(async () => {
    lite = await openDatabase();
  });
  afterAll(async () => {
    await lite?.close();
  });

  it('on PGlite hears its own NOTIFY after commit, not after rollback', async () => {
    const heard: string[] = [];
    const stop = await lite.listen('test_channel', (payload) => heard.push(payload));
    await lite.orm.execute(sql`SELECT pg_notify('test_channel', 'one')`);
    await lite.orm
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_notify('test_channel', 'rolled back')`);
        tx.rollback();
      })
      .catch(() => undefined);
    await lite.orm.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_notify('test_channel', 'two')`);
    });
    await expect.poll(() => heard).toEqual(['one', 'two']);
    await stop();
    await lite.orm.execute(sql`SELECT pg_notify('test_channel', 'after stop')`);
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toEqual(['one', 'two']);
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(lite.listen('x; DROP TABLE users', () => undefined)).rejects.toThrow(/invalid notification channel/);
  });

  describe('on PostgreSQL', () => {
    let postgres: Postgres;
    let db: Database;
    beforeAll(async () => {
      postgres = await startPostgres();
      db = await openDatabase({ databaseUrl: postgres.url, poolSize: 2 });
    });
    afterAll(async () => {
      await db?.close();
      await postgres?.stop();
    });

    it('re-listens after its connection is killed, reports the gap, and hears later notifications', async () => {
      const heard: string[] = [];
      let gaps = 0;
      const stop = await db.listen('test_channel', (payload) => heard.push(payload), () => gaps++);
      await db.orm.execute(sql`SELECT pg_notify('test_channel', 'before')`);
      await expect.poll(() => heard).toEqual(['before']);
      // Kill every other backend listening (ours): as if the connection dropped.
      await db.orm.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`);
      await expect.poll(() => gaps, { timeout: 10_000 }).toBe(1);
      await db.orm.execute(sql`SELECT pg_notify('test_channel', 'after')`);
      await expect.poll(() => heard, { timeout: 5000 }).toEqual(['before', 'after']);
      await stop();
    });
  });
});
