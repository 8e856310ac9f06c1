import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CONFIG, FIXTURE_PASSWORD } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';
import { startPostgres, type Postgres } from '../../test/rig/postgres';
import { buildApp } from '../app';
import { hashPassword } from '../auth/password';
import type { ServerConfig } from '../config';
import { queryRows, type Database } from './database';
import { openDatabase } from './open-database';

/**
 * Issue 15, audit you can trust: the record store runs as a login of `hotline_app` (created by
 * the migrations), which works the tables but cannot rewrite, empty or unguard the audit
 * trail. The owner (here the superuser) migrates and seeds, as in the README's production setup.
 */
describe('the application database role on postgres', () => {
  let postgres: Postgres;
  let owner: Database;
  let appDb: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    postgres = await startPostgres();
    owner = await openDatabase({ databaseUrl: postgres.url, poolSize: 2 });
    await owner.migrate();
    await owner.orm.execute(sql`CREATE ROLE hotline_server LOGIN IN ROLE hotline_app`);
    const passwordHash = await hashPassword(FIXTURE_PASSWORD, TEST_CONFIG.argon2 as ServerConfig['argon2']);
    await owner.orm.execute(sql`WITH unit AS (INSERT INTO org_units (code, name, kind) VALUES ('city-a', 'City A', 'city') RETURNING id)
      INSERT INTO users (username, password_hash, role, org_unit_id, display_name) SELECT 'agentA1', ${passwordHash}, 'call-taker', id, 'agentA1' FROM unit`);
    appDb = await openDatabase({ databaseUrl: postgres.url.replace('//postgres@', '//hotline_server@'), poolSize: 2 });
    app = buildApp({ db: appDb, config: TEST_CONFIG });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await appDb?.close();
    await owner?.close();
    await postgres?.stop();
  });

  /** Runs one statement as the application's login; resolves to the error's SQLSTATE, or 'ok'. */
  const asApp = async (statement: ReturnType<typeof sql>): Promise<string> => {
    try {
      await appDb.orm.execute(statement);
      return 'ok';
    } catch (error) {
      const e = error as { code?: string; cause?: { code?: string } };
      return e.cause?.code ?? e.code ?? String(error);
    }
  };

  it('serves sign-in, push and pull as the application role (which is not the superuser)', async () => {
    const [who] = await queryRows<{ user: string; superuser: boolean }>(appDb.orm, sql`SELECT current_user AS user, usesuper AS superuser FROM pg_user WHERE usename = current_user`);
    expect(who).toEqual({ user: 'hotline_server', superuser: false });
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agentA1', password: FIXTURE_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const headers = { authorization: `Bearer ${login.json().token}` };
    const push = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers, payload: batch([upsert(callRecord())]) });
    expect(push.json().results[0].status).toBe('applied');
    expect((await app.inject({ method: 'GET', url: '/api/v1/sync/pull?cursor=0', headers })).statusCode).toBe(200);
    const [audited] = await queryRows<{ n: number }>(owner.orm, sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'login'`);
    expect(audited?.n).toBe(1);
  });

  it('may only INSERT and SELECT audit events: UPDATE, DELETE, TRUNCATE and trigger changes fail', async () => {
    expect(await asApp(sql`INSERT INTO audit_events (action) VALUES ('test.insert')`)).toBe('ok');
    expect(await asApp(sql`SELECT count(*) FROM audit_events`)).toBe('ok');
    // 42501: insufficient_privilege (the statement is refused before the trigger would run).
    expect(await asApp(sql`UPDATE audit_events SET action = 'rewritten'`)).toBe('42501');
    expect(await asApp(sql`DELETE FROM audit_events`)).toBe('42501');
    expect(await asApp(sql`TRUNCATE audit_events`)).toBe('42501');
    expect(await asApp(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change`)).toBe('42501');
    expect(await asApp(sql`DROP TRIGGER audit_events_no_change ON audit_events`)).toBe('42501');
    expect(await asApp(sql`CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$`)).toBe('42501');
    expect(await asApp(sql`SET session_replication_role = replica`)).toBe('42501');
    expect(await asApp(sql`DROP TABLE audit_events`)).toBe('42501');
    expect(await asApp(sql`CREATE TABLE sneaky (id int)`)).toBe('42501');
    const [row] = await queryRows<{ n: number; rewritten: number }>(owner.orm, sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE action = 'rewritten')::int AS rewritten FROM audit_events`);
    expect(row?.rewritten).toBe(0);
    expect(row?.n).toBeGreaterThan(0);
  });

  it('gets the working grants on tables of later migrations too (default privileges)', async () => {
    await owner.orm.execute(sql`CREATE TABLE later_table (id int)`);
    try {
      expect(await asApp(sql`INSERT INTO later_table VALUES (1)`)).toBe('ok');
      expect(await asApp(sql`DELETE FROM later_table`)).toBe('ok');
    } finally {
      await owner.orm.execute(sql`DROP TABLE later_table`);
    }
  });
});

describe('the application database role on pglite', () => {
  it.skip('is checked on PostgreSQL only: PGlite is a single-user engine with no login roles to separate', () => {});
});
