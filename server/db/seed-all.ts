import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit-log';
import type { PasswordCost } from '../auth/password';
import { seedSipAccounts } from '../auth/sip-accounts';
import { seedSyntheticFreeze, SYNTHETIC_FREEZE_SOURCE, type SyntheticFreezeOutcome } from '../freeze/synthetic-freeze';
import { seedStarterTemplates } from '../templates/seed-templates';
import { warningConfigOf, type WarningServerConfig } from '../warnings/grade-config';
import type { Orm } from './database';
import { users } from './schema';
import { DEMO_PASSWORD, seedDemo } from './seed-demo';
import { seedOrgTree } from './seed-org-tree';
import { seedDemoWarnings } from './seed-warnings';

export interface SeedOptions {
  cost: PasswordCost;
  /** Synthetic freeze records to have (rows 1..N); 0 skips them. */
  freeze: number;
  freezeBatchSize?: number;
  warnings?: Partial<WarningServerConfig>;
  /** The SIP realm demo SIP accounts are made for (the PBX's SIP domain); 127.0.0.1 by default. */
  sipRealm?: string;
  /** Progress lines (freeze batches); the CLI prints them. */
  onFreezeProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  createdUsers: string[];
  createdUnits: string[];
  templates: number;
  freeze: SyntheticFreezeOutcome | null;
  warnings: { created: number; unchanged: number };
}

/**
 * Everything `npm run seed` writes, in dependency order: the demo centre and its users,
 * the org tree under it, the starter templates, the synthetic freeze set and the demo
 * warning instructions. Every step is idempotent, so a rerun adds nothing.
 */
export async function seedAll(orm: Orm, options: SeedOptions): Promise<SeedSummary> {
  // Templates first: seedDemo also creates them when missing, and would hide the count.
  const starter = await seedStarterTemplates(orm);
  const demo = await seedDemo(orm, options.cost);
  const tree = await seedOrgTree(orm, options.cost);
  await seedSipAccounts(orm, options.sipRealm ?? '127.0.0.1', DEMO_PASSWORD);
  const [admin] = await orm.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  if (!admin) throw new Error('demo admin missing after seeding');

  let freeze: SyntheticFreezeOutcome | null = null;
  if (options.freeze > 0) {
    freeze = await seedSyntheticFreeze(orm, { count: options.freeze, batchSize: options.freezeBatchSize, onProgress: options.onFreezeProgress });
    if (freeze.inserted > 0) {
      // Fresh statistics: the look-up planner otherwise guesses on a table it saw empty.
      await orm.execute(sql`ANALYZE freeze_records`);
      await recordAudit(orm, {
        action: 'freeze.ingest',
        actorId: admin.id,
        target: 'freeze_records',
        detail: { format: 'synthetic-seed', source: SYNTHETIC_FREEZE_SOURCE, created: freeze.inserted, requested: options.freeze },
      });
    }
  }
  const warnings = await seedDemoWarnings(orm, admin.id, warningConfigOf(options.warnings));
  return { createdUsers: [...demo.created, ...tree.createdUsers], createdUnits: tree.createdUnits, templates: starter.created, freeze, warnings };
}
