import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { hashPassword } from '../auth/password';
import type { ServerConfig } from '../config';
import { lockChangeLog } from '../sync/change-log';
import { orgUnits, users } from './schema';
import { openDatabase } from './open-database';
import type { Database } from './database';
import { TEST_CONFIG } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';
import { startPostgres, type Postgres } from '../../test/rig/postgres';

/**
 * A record store that survives its database (issue 15): PostgreSQL restarted while a push
 * transaction is open used to end the process (`Connection terminated unexpectedly`, an
 * unhandled 'error' on a checked-out pooled client). Now the request in flight answers 503
 * with Retry-After, the process goes on, and the next request works on fresh connections.
 * (An unhandled 'error' event fails the vitest run by itself.)
 */
describe('record store across a PostgreSQL restart', () => {
  let postgres: Postgres;
  let db: Database;
  let app: ReturnType<typeof buildApp>;
  const poolErrors: Error[] = [];
  let token = '';

  beforeAll(async () => {
    postgres = await startPostgres();
    db = await openDatabase({ databaseUrl: postgres.url, poolSize: 4, onPoolError: (e) => poolErrors.push(e) });
    await db.migrate();
    app = buildApp({ db, config: TEST_CONFIG });
    await app.ready();
    const [org] = await db.orm.insert(orgUnits).values({ code: 'city-a', name: 'City A', kind: 'city' }).returning({ id: orgUnits.id });
    const passwordHash = await hashPassword('pw-for-restart', TEST_CONFIG.argon2 as ServerConfig['argon2']);
    await db.orm.insert(users).values({ username: 'agent', passwordHash, role: 'call-taker', orgUnitId: org!.id, displayName: 'agent', sipExtension: '1001' });
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent', password: 'pw-for-restart' } });
    token = JSON.parse(login.body).token;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await postgres?.stop();
  });

  const push = (body = batch([upsert(callRecord())])) => app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${token}` }, payload: body });

  it('answers 503 for a push whose transaction the restart cut, then recovers', { timeout: 60_000 }, async () => {
    // Hold the change-log lock so the push waits inside its open transaction.
    let release = (): void => undefined;
    let signalLocked = (): void => undefined;
    const locked = new Promise<void>((r) => (signalLocked = r));
    const holder = db.orm
      .transaction(async (tx) => {
        await lockChangeLog(tx);
        signalLocked();
        await new Promise<void>((r) => (release = r));
      })
      .catch((error: unknown) => error);
    await locked;
    const inFlight = push();
    await new Promise((r) => setTimeout(r, 300)); // the push is now blocked in its transaction
    await postgres.restart();
    release();
    await holder;

    const cut = await inFlight;
    expect(cut.statusCode, cut.body).toBe(503);
    expect(cut.headers['retry-after']).toBe('1');
    expect(JSON.parse(cut.body)).toMatchObject({ error: 'unavailable' });

    // The same batch again: the pool drops the dead connections and the push applies once.
    const body = batch([upsert(callRecord())]);
    let again = await push(body);
    for (let i = 0; i < 5 && again.statusCode === 503; i++) again = await push(body);
    expect(again.statusCode, again.body).toBe(200);
    expect(JSON.parse(again.body).results[0]).toMatchObject({ status: 'applied' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const [row] = await db.orm.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM call_records`).then((r: any) => r.rows ?? r);
    expect(row?.n).toBe(1);
  });

  it('answers 503 while the database is down and works again once it is back', { timeout: 60_000 }, async () => {
    const restarting = postgres.restart({ downMs: 1500 });
    await new Promise((r) => setTimeout(r, 500));
    const down = await push();
    expect(down.statusCode, down.body).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBeGreaterThanOrEqual(500);
    await restarting;
    let back = await push();
    for (let i = 0; i < 5 && back.statusCode === 503; i++) back = await push();
    expect(back.statusCode, back.body).toBe(200);
  });
});
