import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { BACKENDS, FIXTURE_PASSWORD, TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import { buildApp } from '../app';
import { loadConfig } from '../config';

describe.each(BACKENDS)('login rate limit on %s', (kind) => {
  const t = useBackend(kind);
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const login = (from: string, password = FIXTURE_PASSWORD) =>
    app!.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: from, payload: { username: 'agentA1', password } });

  it('answers 429 `too-many-requests` past the limit, per address, on the login route only', async () => {
    // Windows are fixed and aligned to the clock (date_bin in the store): a one-minute window
    // reset mid-test when the run crossed a full minute (CI saw a 4th attempt answered 200).
    // A day-long window makes that a once-a-day midnight instead of once a minute.
    app = buildApp({ db: t.db, config: { ...TEST_CONFIG, loginRateLimit: { max: 3, windowMs: 86_400_000 } } });
    await app.ready();
    expect((await login('10.0.0.1', 'wrong')).statusCode).toBe(401);
    expect((await login('10.0.0.1')).statusCode).toBe(200);
    expect((await login('10.0.0.1')).statusCode).toBe(200);
    const limited = await login('10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(ApiErrorSchema.parse(limited.json())).toMatchObject({ error: 'too-many-requests', message: expect.stringMatching(/retry in \d+ s/) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // A limited attempt never reaches the password check (no audit, no failure count).
    expect(await t.count("audit_events WHERE action LIKE 'login%'")).toBe(3);
    expect((await login('10.0.0.2')).statusCode).toBe(200);
    const token = (await login('10.0.0.3')).json().token as string;
    for (let i = 0; i < 5; i++) {
      const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', remoteAddress: '10.0.0.1', headers: { authorization: `Bearer ${token}` } });
      expect(me.statusCode).toBe(200);
    }
  });
});

describe('login rate limit configuration', () => {
  it('reads LOGIN_RATE_LIMIT_MAX and LOGIN_RATE_LIMIT_WINDOW_MS, refusing nonsense', () => {
    expect(loadConfig({}).loginRateLimit).toEqual({ max: 100, windowMs: 60_000 });
    expect(loadConfig({ LOGIN_RATE_LIMIT_MAX: '5', LOGIN_RATE_LIMIT_WINDOW_MS: '30000' }).loginRateLimit).toEqual({ max: 5, windowMs: 30_000 });
    expect(() => loadConfig({ LOGIN_RATE_LIMIT_MAX: '0' })).toThrow(/LOGIN_RATE_LIMIT_MAX/);
  });
});
