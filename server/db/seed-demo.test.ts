import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password';
import { queryRows } from './database';
import { openDatabase } from './open-database';
import { DEMO_PASSWORD, seedDemo } from './seed-demo';

const CHEAP = { memoryCost: 1024, timeCost: 1 };

describe('demo seed on an on-disk PGlite (PGLITE_DIR)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the demo users once and survives a reopen', async () => {
    const first = await openDatabase({ pgliteDir: dir });
    await first.migrate();
    expect((await seedDemo(first.orm, CHEAP)).created).toEqual(['agent1001', 'agent1002', 'agent1003', 'super', 'admin']);
    expect((await seedDemo(first.orm, CHEAP)).created).toEqual([]);
    await first.close();

    const reopened = await openDatabase({ pgliteDir: dir });
    try {
      await reopened.migrate();
      expect((await seedDemo(reopened.orm, CHEAP)).created).toEqual([]);
      const users = await queryRows<{ username: string; role: string; sip_extension: string | null; password_hash: string }>(
        reopened.orm,
        sql`SELECT username, role, sip_extension, password_hash FROM users ORDER BY username`,
      );
      expect(users.map((u) => [u.username, u.role, u.sip_extension])).toEqual([
        ['admin', 'admin', null],
        ['agent1001', 'call-taker', '1001'],
        ['agent1002', 'call-taker', '1002'],
        ['agent1003', 'call-taker', '1003'],
        ['super', 'supervisor', '1000'],
      ]);
      expect(await verifyPassword(users[1]!.password_hash, DEMO_PASSWORD)).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
