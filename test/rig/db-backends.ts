import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/app';
import { hashPassword } from '../../server/auth/password';
import type { ServerConfig } from '../../server/config';
import { queryRows, type Database, type DbKind } from '../../server/db/database';
import { openDatabase } from '../../server/db/open-database';
import { orgUnits, users } from '../../server/db/schema';
import { startPostgres, type Postgres } from './postgres';

/** Run a server suite once per engine: `describe.each(BACKENDS)('%s', (kind) => { const t = useBackend(kind); … })`. */
export const BACKENDS: DbKind[] = ['pglite', 'postgres'];

/** Every table, for the between-tests reset. */
const TABLES = ['org_units', 'users', 'sessions', 'call_records', 'note_segments', 'applied_mutations', 'change_log', 'audit_events', 'sync_state', 'cases', 'agent_status', 'freeze_records', 'templates', 'warning_instructions', 'warning_attempts', 'warning_contacts', 'warning_visits', 'sms_outbox', 'sms_dev_messages', 'follow_ups', 'rate_limit_hits', 'routing_calls', 'agent_routing', 'callback_attempts', 'auto_call_jobs', 'auto_call_attempts', 'sip_accounts', 'sync_clients'];

/** Cheap argon2 so fixtures and logins cost milliseconds; production cost is the default config's. */
export const TEST_CONFIG: Partial<ServerConfig> = {
  logLevel: 'silent',
  processMetrics: false,
  argon2: { memoryCost: 1024, timeCost: 1 },
  // Suites sign in many times from one address; the limit itself is tested with its own app.
  loginRateLimit: { max: 100_000, windowMs: 60_000 },
};

/** Password of every fixture user. */
export const FIXTURE_PASSWORD = 'correct horse battery';

/** The fixture: two org units (A, B) and users in them; ids are filled in by the reset. */
export interface Fixture {
  orgA: string;
  orgB: string;
  /** username → user id */
  users: Record<FixtureUser, string>;
}
export type FixtureUser = 'agentA1' | 'agentA2' | 'agentB1' | 'superA' | 'auditorA' | 'adminA';
const FIXTURE_USERS: Array<{ username: FixtureUser; role: string; org: 'A' | 'B'; ext: string | null }> = [
  { username: 'agentA1', role: 'call-taker', org: 'A', ext: '1001' },
  { username: 'agentA2', role: 'call-taker', org: 'A', ext: '1002' },
  { username: 'agentB1', role: 'call-taker', org: 'B', ext: '2001' },
  { username: 'superA', role: 'supervisor', org: 'A', ext: null },
  { username: 'auditorA', role: 'auditor', org: 'A', ext: null },
  { username: 'adminA', role: 'admin', org: 'A', ext: null },
];

let fixtureHash: Promise<string> | undefined;

/** A request helper's answer: status plus parsed JSON (or null). */
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** The per-file test context for one engine. */
export interface BackendContext {
  readonly kind: DbKind;
  db: Database;
  app: FastifyInstance;
  fixture: Fixture;
  /** Raw SQL for direct checks; int8 columns should be cast (e.g. `count(*)::int`). */
  rows<T = any>(query: ReturnType<typeof sql>): Promise<T[]>;
  /** Row count of a table. */
  count(table: string): Promise<number>;
  /** JSON request through app.inject. */
  call<T = any>(method: 'GET' | 'POST', url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Answer<T>>;
  /** Signs a fixture user in and returns the bearer token. */
  login(username: FixtureUser): Promise<string>;
}

/**
 * Registers the hooks that give a describe block one database of `kind` (PGlite in memory,
 * or a throwaway PostgreSQL started for the block), migrated once, emptied and re-seeded
 * with the fixture before every test. PGlite takes seconds to create, so it is one per
 * block, not per test.
 */
export function useBackend(kind: DbKind): BackendContext {
  let postgres: Postgres | undefined;
  const ctx = { kind } as BackendContext;

  beforeAll(async () => {
    if (kind === 'postgres') postgres = await startPostgres();
    ctx.db = await openDatabase({ databaseUrl: postgres?.url, poolSize: 4 });
    await ctx.db.migrate();
    ctx.app = buildApp({ db: ctx.db, config: TEST_CONFIG });
    await ctx.app.ready();
  });

  afterAll(async () => {
    await ctx.app?.close();
    await ctx.db?.close();
    await postgres?.stop();
  });

  beforeEach(async () => {
    await ctx.db.orm.execute(sql.raw(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`));
    ctx.fixture = await seedFixture(ctx.db);
  });

  ctx.rows = (query) => queryRows(ctx.db.orm, query);
  ctx.count = async (table) => {
    const [row] = await queryRows<{ n: number }>(ctx.db.orm, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
    return row?.n ?? 0;
  };
  ctx.call = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await ctx.app.inject({ method, url, headers, ...(options.body === undefined ? {} : { payload: options.body as object }) });
    let body: unknown = null;
    try {
      body = response.body ? JSON.parse(response.body) : null;
    } catch {
      body = response.body;
    }
    return { status: response.statusCode, body: body as any, headers: response.headers };
  };
  ctx.login = async (username) => {
    const answer = await ctx.call('POST', '/api/v1/auth/login', { body: { username, password: FIXTURE_PASSWORD } });
    if (answer.status !== 200) throw new Error(`login ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.token as string;
  };
  return ctx;
}

async function seedFixture(db: Database): Promise<Fixture> {
  fixtureHash ??= hashPassword(FIXTURE_PASSWORD, TEST_CONFIG.argon2 as ServerConfig['argon2']);
  const passwordHash = await fixtureHash;
  const units = await db.orm
    .insert(orgUnits)
    .values([
      { code: 'city-a', name: 'City centre A', kind: 'city' },
      { code: 'district-b', name: 'District centre B', kind: 'district' },
    ])
    .returning({ id: orgUnits.id, code: orgUnits.code });
  const orgA = units.find((u) => u.code === 'city-a')?.id as string;
  const orgB = units.find((u) => u.code === 'district-b')?.id as string;
  const created = await db.orm
    .insert(users)
    .values(FIXTURE_USERS.map((u) => ({ username: u.username, passwordHash, role: u.role, orgUnitId: u.org === 'A' ? orgA : orgB, displayName: u.username, sipExtension: u.ext })))
    .returning({ id: users.id, username: users.username });
  return { orgA, orgB, users: Object.fromEntries(created.map((u) => [u.username, u.id])) as Record<FixtureUser, string> };
}
