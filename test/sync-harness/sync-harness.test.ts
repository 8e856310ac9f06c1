// Seeded sync fault injection (design.md §6). Normal runs: 200 seeds. More:
//   HARNESS_SEEDS=5000 npx vitest run test/sync-harness
// One seed again: HARNESS_SEED_START=1234 HARNESS_SEEDS=1 (HARNESS_DEBUG=1 prints what diverged).
import 'fake-indexeddb/auto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../shared/schemas/auth';
import { buildApp } from '../../server/app';
import { TEST_CONFIG, useBackend, type FixtureUser } from '../rig/db-backends';
import type { ServerHandle } from './faulty-transport';
import { runSeed, type HarnessAccount, type HarnessResult } from './harness';

const SEEDS = Number(process.env.HARNESS_SEEDS ?? 200);
const FIRST_SEED = Number(process.env.HARNESS_SEED_START ?? 1);
const NEGATIVE_SEEDS = 20;
/** Per-seed budget is generous; the whole run scales with HARNESS_SEEDS. */
const TIMEOUT_MS = Math.max(120_000, SEEDS * 2_000);

describe('sync under injected faults (PGlite)', () => {
  const t = useBackend('pglite');
  let app: FastifyInstance | undefined;
  // The app also listens on loopback (one port kept across restarts) for the event stream's poke-following clients.
  let port = 0;
  const server: ServerHandle = {
    get db() {
      return t.db;
    },
    app: () => app as FastifyInstance,
    async restart() {
      // A restart is a crash: open sockets (the poke streams) die with it rather than being waited for.
      const closing = app?.close();
      app?.server.closeAllConnections();
      await closing;
      app = buildApp({ db: t.db, config: TEST_CONFIG });
      await app.listen({ host: '127.0.0.1', port });
      port = (app.server.address() as AddressInfo).port;
    },
    url: () => `http://127.0.0.1:${port}`,
  };
  afterAll(async () => {
    await app?.close();
  });

  async function accounts(): Promise<HarnessAccount[]> {
    await server.restart();
    const users: FixtureUser[] = ['agentA1', 'agentA2', 'superA'];
    return Promise.all(
      users.map(async (username) => {
        const res = await t.call('POST', '/api/v1/auth/login', { body: { username, password: 'correct horse battery' } });
        return { token: res.body.token as string, user: res.body.user as SessionUser };
      }),
    );
  }

  it(
    `keeps every invariant for ${SEEDS} seeds from ${FIRST_SEED}`,
    async () => {
      const list = await accounts();
      const failed: HarnessResult[] = [];
      const totals = { mutations: 0, segments: 0, crashes: 0, restarts: 0, resyncs: 0, followUps: 0, deletes: 0, streamDrops: 0, streamResumes: 0 };
      for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
        const result = await runSeed(server, seed, { accounts: list });
        for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += result.stats[key];
        if (result.violations.length > 0) failed.push(result);
      }
      // The run must have exercised what it claims to.
      expect(totals.mutations).toBeGreaterThan(SEEDS * 5);
      expect(totals.segments).toBeGreaterThan(SEEDS);
      expect(totals.crashes).toBeGreaterThan(0);
      expect(totals.restarts).toBeGreaterThan(0);
      expect(totals.resyncs).toBeGreaterThan(0);
      expect(totals.followUps).toBeGreaterThan(SEEDS / 2);
      expect(totals.deletes).toBeGreaterThan(SEEDS / 10);
      expect(totals.streamDrops).toBeGreaterThan(SEEDS);
      expect(totals.streamResumes).toBeGreaterThan(SEEDS / 2);
      expect(failed.map((f) => ({ seed: f.seed, violations: f.violations.slice(0, 5) }))).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'negative control: with deduplication off the same faults break the invariants',
    async () => {
      const list = await accounts();
      const results: HarnessResult[] = [];
      for (let seed = FIRST_SEED; seed < FIRST_SEED + NEGATIVE_SEEDS; seed++) results.push(await runSeed(server, seed, { accounts: list, dedup: false }));
      const caught = results.filter((r) => r.violations.length > 0);
      // Most seeds re-send something the server already applied; a harness that misses that is blind.
      expect(caught.length).toBeGreaterThanOrEqual(NEGATIVE_SEEDS / 2);
      expect(caught.flatMap((r) => r.violations).some((v) => /applied [2-9]\d* times/.test(v))).toBe(true);
    },
    TIMEOUT_MS,
  );
});
