import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { queryRows } from './database';
import { openDatabase } from './open-database';

/** Columns other code and tests rely on, per table. */
const EXPECTED: Record<string, string[]> = {
  org_units: ['id', 'code', 'name', 'kind', 'parent_id'],
  users: ['id', 'username', 'password_hash', 'role', 'org_unit_id', 'display_name', 'sip_extension', 'failed_logins', 'locked_until', 'disabled_at'],
  sessions: ['token_hash', 'user_id', 'expires_at'],
  call_records: ['id', 'sip_call_id', 'direction', 'remote_number', 'dialed_number', 'started_at', 'answered_at', 'ended_at', 'end_reason', 'agent_id', 'org_unit_id', 'updated_seq'],
  note_segments: ['id', 'call_record_id', 'idx', 'text', 'created_at', 'author_id'],
  applied_mutations: ['mutation_id', 'user_id', 'client_id', 'name', 'result', 'applied_at'],
  change_log: ['seq', 'entity', 'entity_id', 'org_unit_id', 'data', 'at'],
  audit_events: ['id', 'at', 'actor_id', 'action', 'target', 'detail', 'ip'],
};

describe.each(BACKENDS)('migrations on %s', (kind) => {
  const t = useBackend(kind);

  it('create every table with its columns', async () => {
    const rows = await t.rows<{ table_name: string; column_name: string }>(
      sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    for (const [table, columns] of Object.entries(EXPECTED)) {
      const actual = rows.filter((r) => r.table_name === table).map((r) => r.column_name);
      expect(actual, table).toEqual(expect.arrayContaining(columns));
    }
  });

  it('are recorded and re-running them is a no-op', async () => {
    const count = async () => (await t.rows(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0].n as number;
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(2);
    await t.db.migrate();
    expect(await count()).toBe(before);
  });

  it.runIf(kind === 'postgres')('can run from several instances at once', async () => {
    await t.rows(sql`CREATE DATABASE concurrent_migrate`);
    const url = (await t.rows(sql`SELECT current_setting('port') AS port`))[0].port as string;
    const dbs = await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${url}/concurrent_migrate`, poolSize: 2 })));
    try {
      await Promise.all(dbs.map((db) => db.migrate()));
      const [row] = await queryRows<{ n: number }>(dbs[0]!.orm, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
      const [expected] = await t.rows(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
      expect(row?.n).toBe(expected.n);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });
});
