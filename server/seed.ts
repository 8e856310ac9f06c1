/**
 * `npm run seed`: fills the record store's database with the demo org tree and users, the
 * starter templates, a clearly synthetic freeze-record set and demo warning instructions.
 * Idempotent: a rerun adds nothing. Uses the server's configuration (server/config.ts):
 * DATABASE_URL for PostgreSQL, else the PGlite data dir PGLITE_DIR (stop the server first:
 * one process owns a PGlite dir).
 *
 *   npm run seed                       100,000 synthetic freeze records
 *   npm run seed -- --freeze 1000000   a million (use PostgreSQL)
 *   npm run seed -- --no-freeze        no freeze records
 */
import { loadConfig, type ServerConfig } from './config';
import { openDatabase } from './db/open-database';
import { seedAll } from './db/seed-all';
import { DEMO_PASSWORD } from './db/seed-demo';
import { parseSeedArgs, SEED_USAGE } from './db/seed-args';

function fail(message: string, code = 2): never {
  process.stderr.write(`seed: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let config: ServerConfig;
  let args: { freeze: number };
  try {
    config = loadConfig(process.env);
    args = parseSeedArgs(process.argv.slice(2));
  } catch (error) {
    fail(`${(error as Error).message}\n${SEED_USAGE}`);
  }
  if (!config.databaseUrl && (!config.pgliteDir || config.pgliteDir === 'memory://')) {
    fail('set DATABASE_URL (PostgreSQL) or PGLITE_DIR (the PGlite data dir the server uses, e.g. .rig/demo-db): an in-memory database would be thrown away');
  }
  const where = config.databaseUrl ? `PostgreSQL ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}` : `PGlite ${config.pgliteDir}`;
  process.stderr.write(`seed: ${where}\n`);

  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, poolSize: 2 });
  try {
    await db.migrate();
    let lastPrinted = 0;
    const started = performance.now();
    const summary = await seedAll(db.orm, {
      cost: config.argon2,
      freeze: args.freeze,
      warnings: config.warnings,
      sipRealm: config.sip.realm,
      onFreezeProgress: (done, total) => {
        // About every 10% (and the last batch), so 1M rows print ten lines, not a hundred.
        if (done - lastPrinted < total / 10 && done < total) return;
        lastPrinted = done;
        const seconds = (performance.now() - started) / 1000;
        process.stderr.write(`seed: freeze records ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${seconds.toFixed(1)} s)\n`);
      },
    });
    const lines = [
      `users created: ${summary.createdUsers.length ? summary.createdUsers.join(', ') : 'none (all present)'}; password ${DEMO_PASSWORD}`,
      `org units created: ${summary.createdUnits.length ? summary.createdUnits.join(', ') : 'none (all present)'}`,
      `starter templates created: ${summary.templates}`,
      summary.freeze
        ? `synthetic freeze records: ${summary.freeze.inserted.toLocaleString('en')} inserted (${summary.freeze.before.toLocaleString('en')} present before) in ${(summary.freeze.ms / 1000).toFixed(1)} s` +
          (summary.freeze.inserted > 0 ? `, ${summary.freeze.rowsPerSecond.toLocaleString('en')} rows/s` : '')
        : 'synthetic freeze records: skipped (--no-freeze)',
      `demo warning instructions: ${summary.warnings.created} created, ${summary.warnings.unchanged} already present`,
    ];
    process.stdout.write(`${lines.map((l) => `seed: ${l}`).join('\n')}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => fail(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1));
