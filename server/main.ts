/**
 * The record store process: reads the environment, opens and migrates the database,
 * optionally seeds demo data, listens, and prints one JSON line on stdout when ready:
 * `{"event":"listening","url":"http://127.0.0.1:4100"}` (launchers and rigs wait for it;
 * logs go to stderr). Stops cleanly on SIGTERM/SIGINT.
 *
 * Env: HOST (127.0.0.1; non-loopback needs ALLOW_NON_LOOPBACK=1), PORT (4100, 0 = any),
 * DATABASE_URL (PostgreSQL; else PGlite), MIGRATION_DATABASE_URL (the owner, to migrate; else DATABASE_URL), PGLITE_DIR (else in memory), SEED_DEMO=1,
 * CORS_ORIGINS (comma list), SESSION_TTL_MS, LOG_LEVEL, LOGIN_RATE_LIMIT_MAX, LOGIN_RATE_LIMIT_WINDOW_MS,
 * SMS_DISPATCH_INTERVAL_MS (5000; 0 = no background SMS dispatcher), SMS_MAX_ATTEMPTS, SMS_RETRY_BASE_MS,
 * SMS_GATEWAY_URL + SMS_GATEWAY_API_KEY (an HTTP SMS gateway; else the development provider), SMS_GATEWAY_TIMEOUT_MS,
 * HOTLINE_AUTO_CALL=1 + HOTLINE_AUTO_CALL_PBX=host:port (automatic warning calls, server/auto-call/auto-call-setup.ts).
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { attachAutoCall, autoCallSettingsFromEnv, type AutoCallSettings } from './auto-call/auto-call-setup';
import { isLoopbackHost, loadConfig, type ServerConfig } from './config';
import { openDatabase } from './db/open-database';
import { DEMO_PASSWORD, seedDemo } from './db/seed-demo';
import { seedSipAccounts } from './auth/sip-accounts';
import { scheduleCompaction } from './sync/compaction-schedule';
import { seedStarterTemplates } from './templates/seed-templates';

const SHUTDOWN_TIMEOUT_MS = 10_000;

function fail(message: string, code = 1): never {
  process.stderr.write(`record store: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    fail((error as Error).message, 2);
  }
  if (!isLoopbackHost(config.host) && !config.allowNonLoopback) {
    fail(`refusing to listen on ${config.host}: not a loopback address (set ALLOW_NON_LOOPBACK=1 to allow it)`, 2);
  }

  let autoCall: AutoCallSettings | null;
  try {
    autoCall = autoCallSettingsFromEnv(process.env);
  } catch (error) {
    fail((error as Error).message, 2);
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  if (config.migrationDatabaseUrl) {
    // The application's own login may not run DDL (least privilege): the owner migrates, then leaves.
    const owner = await openDatabase({ databaseUrl: config.migrationDatabaseUrl, poolSize: 1 });
    try {
      await owner.migrate();
    } finally {
      await owner.close();
    }
  } else {
    await db.migrate();
  }
  // A fresh store gets the Chinese starter scripts; an existing set (admin edits) is left alone.
  const starter = await seedStarterTemplates(db.orm);
  if (starter.created > 0) process.stderr.write(`record store: seeded ${starter.created} starter templates\n`);
  if (config.seedDemo) {
    const { created } = await seedDemo(db.orm, config.argon2);
    if (created.length > 0) process.stderr.write(`record store: seeded demo users ${created.join(', ')}\n`);
    // Demo SIP accounts: every user with an extension (and the demo devices) gets the demo password.
    const sip = await seedSipAccounts(db.orm, config.sip.realm, DEMO_PASSWORD);
    if (sip > 0) process.stderr.write(`record store: seeded ${sip} demo SIP accounts (realm ${config.sip.realm})\n`);
  }
  const app = buildApp({ db, config });
  // Before listen: its hooks start the caller once ready and stop it (calls in hand end) on close.
  attachAutoCall(app, db.orm, autoCall);
  await app.listen({ host: config.host, port: config.port });
  const stopCompaction = scheduleCompaction(db.orm, config.compactionIntervalMs, (outcome) =>
    process.stderr.write(outcome instanceof Error ? `record store: compaction failed: ${outcome.message}\n` : `record store: compacted change log ${JSON.stringify(outcome)}\n`),
    { appliedResultGraceMs: config.appliedResultGraceMs },
  );
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://${host}:${port}` })}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`record store: ${signal}, stopping\n`);
    setTimeout(() => fail('shutdown timed out'), SHUTDOWN_TIMEOUT_MS).unref();
    stopCompaction();
    void app
      .close()
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (error: unknown) => fail(`shutdown failed: ${String(error)}`),
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => fail(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
