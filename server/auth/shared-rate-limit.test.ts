import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { BACKENDS, TEST_CONFIG } from '../../test/rig/db-backends';
import { startPostgres, type Postgres } from '../../test/rig/postgres';
import { buildApp } from '../app';
import type { ServerConfig } from '../config';
import { queryRows, type Database } from '../db/database';
import { openDatabase } from '../db/open-database';
import { orgUnits, users } from '../db/schema';
import { hashPassword } from './password';
import { sweepRateLimitHits } from './db-rate-limit-store';

const MAX = 4;
const PASSWORD = 'limit-test-password';

/**
 * Two record-store instances on one database: on PostgreSQL each has its own pool (as two
 * processes would); PGlite is one in-process engine, so both apps share its handle.
 */
describe.each(BACKENDS)('login rate limit shared across instances on %s', (kind) => {
  let postgres: Postgres | undefined;
  let dbA: Database;
  let dbB: Database;
  let a: FastifyInstance;
  let b: FastifyInstance;
  const config = (windowMs = 3_600_000): Partial<ServerConfig> => ({ ...TEST_CONFIG, loginRateLimit: { max: MAX, windowMs } });

  beforeAll(async () => {
    if (kind === 'postgres') postgres = await startPostgres();
    dbA = await openDatabase({ databaseUrl: postgres?.url, poolSize: 4 });
    await dbA.migrate();
    dbB = postgres ? await openDatabase({ databaseUrl: postgres.url, poolSize: 4 }) : dbA;
    const [unit] = await dbA.orm.insert(orgUnits).values({ code: 'limit-unit', name: 'Limit unit', kind: 'city' }).returning();
    await dbA.orm.insert(users).values({ username: 'limited', passwordHash: await hashPassword(PASSWORD, TEST_CONFIG.argon2 as ServerConfig['argon2']), role: 'call-taker', orgUnitId: unit!.id, displayName: 'Limited' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (dbB !== dbA) await dbB?.close();
    await dbA?.close();
    await postgres?.stop();
  });
  beforeEach(async () => {
    await a?.close();
    await b?.close();
    await dbA.orm.execute(sql`TRUNCATE rate_limit_hits, audit_events, sessions`);
    await dbA.orm.execute(sql`UPDATE users SET failed_logins = 0, locked_until = NULL`);
  });
  const start = async (windowMs?: number) => {
    a = buildApp({ db: dbA, config: config(windowMs) });
    b = buildApp({ db: dbB, config: config(windowMs) });
    await Promise.all([a.ready(), b.ready()]);
  };
  const login = (app: FastifyInstance, from: string, password = PASSWORD) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: from, payload: { username: 'limited', password } });

  it('counts sign-ins through both instances against one limit: 429 at max+1, with a clear message', async () => {
    await start();
    const statuses: number[] = [];
    for (let i = 0; i < MAX; i++) statuses.push((await login(i % 2 === 0 ? a : b, '10.1.0.1', i === 0 ? 'wrong' : PASSWORD)).statusCode);
    expect(statuses).toEqual([401, 200, 200, 200]);
    for (const app of [b, a]) {
      const limited = await login(app, '10.1.0.1');
      expect(limited.statusCode).toBe(429);
      expect(ApiErrorSchema.parse(limited.json())).toMatchObject({ error: 'too-many-requests', message: expect.stringMatching(/Too many sign-in attempts from this address; retry in \d+ s/) });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Limited attempts never reached the password check.
    const [audit] = await queryRows<{ n: number }>(dbA.orm, sql`SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'login%'`);
    expect(audit?.n).toBe(MAX);
    // Another address has its own count, on either instance.
    expect((await login(b, '10.1.0.2')).statusCode).toBe(200);
    const rows = await queryRows<{ key: string; count: number }>(dbA.orm, sql`SELECT key, count FROM rate_limit_hits ORDER BY key`);
    expect(rows).toEqual([
      { key: 'POST /api/v1/auth/login|10.1.0.1', count: MAX + 2 },
      { key: 'POST /api/v1/auth/login|10.1.0.2', count: 1 },
    ]);
  });

  it('lets exactly max through when both instances are hit at once (atomic increment)', async () => {
    await start();
    const answers = await Promise.all(Array.from({ length: MAX * 3 }, (_, i) => login(i % 2 === 0 ? a : b, '10.1.0.3', 'wrong')));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c !== 429)).toHaveLength(MAX);
    expect(codes.filter((c) => c === 429)).toHaveLength(MAX * 2);
  });

  it('starts a fresh count in the next window', async () => {
    const windowMs = 3000;
    await start(windowMs);
    // Windows are aligned on the epoch (one clock on this machine): begin just after a boundary so the burst fits in one window.
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 20));
    for (let i = 0; i < MAX; i++) await login(a, '10.1.0.4');
    expect((await login(b, '10.1.0.4')).statusCode).toBe(429);
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 20));
    expect((await login(b, '10.1.0.4')).statusCode).toBe(200);
  });

  it('sweeps ended windows and keeps current ones', async () => {
    await dbA.orm.execute(sql`INSERT INTO rate_limit_hits (key, window_start, count) VALUES
      ('POST /api/v1/auth/login|old', now() - interval '2 hours', 9),
      ('other|old', now() - interval '2 hours', 9),
      ('POST /api/v1/auth/login|new', now(), 1)`);
    expect(await sweepRateLimitHits(dbA.orm, 3_600_000, 'POST /api/v1/auth/login|')).toBe(1);
    expect(await sweepRateLimitHits(dbA.orm, 3_600_000)).toBe(1);
    const left = await queryRows<{ key: string }>(dbA.orm, sql`SELECT key FROM rate_limit_hits`);
    expect(left.map((r) => r.key)).toEqual(['POST /api/v1/auth/login|new']);
  });
});
