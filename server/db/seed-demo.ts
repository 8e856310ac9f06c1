import { eq, inArray } from 'drizzle-orm';
import type { Role } from '../../shared/schemas/auth';
import { hashPassword, type PasswordCost } from '../auth/password';
import { seedStarterTemplates } from '../templates/seed-templates';
import type { Orm } from './database';
import { orgUnits, users } from './schema';

/** The demo stack's org unit code. */
export const DEMO_ORG_CODE = 'demo-centre';
/** Every demo user's password. */
export const DEMO_PASSWORD = 'demo1234';

interface DemoUser {
  username: string;
  role: Role;
  displayName: string;
  sipExtension: string | null;
}

/**
 * Three call-takers on extensions 1001-1003 (the PBX's 96110 ring group), a supervisor on
 * extension 1000 (outside the group: reached by dialling 1000, e.g. to hand a call over)
 * and an admin. Display names are Chinese, as the centre's staff and the default UI language
 * are, and marked （合成） like the rest of the demo data: no real person.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'agent1001', role: 'call-taker', displayName: '接线员 1001（合成）', sipExtension: '1001' },
  { username: 'agent1002', role: 'call-taker', displayName: '接线员 1002（合成）', sipExtension: '1002' },
  { username: 'agent1003', role: 'call-taker', displayName: '接线员 1003（合成）', sipExtension: '1003' },
  { username: 'super', role: 'supervisor', displayName: '值班长 1000（合成）', sipExtension: '1000' },
  { username: 'admin', role: 'admin', displayName: '系统管理员（合成）', sipExtension: null },
];

/**
 * Creates the demo org unit and users when missing (SEED_DEMO=1), and the starter templates
 * when there are none. Idempotent: existing rows, including changed passwords, are left
 * alone, and only missing users are hashed, so restarts stay fast.
 */
export async function seedDemo(orm: Orm, cost: PasswordCost): Promise<{ orgUnitId: string; created: string[] }> {
  await orm.insert(orgUnits).values({ code: DEMO_ORG_CODE, name: 'Demo anti-fraud centre (96110)', kind: 'city' }).onConflictDoNothing();
  const [org] = await orm.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, DEMO_ORG_CODE));
  if (!org) throw new Error('demo org unit missing after insert');

  const present = new Set(
    (await orm.select({ username: users.username }).from(users).where(inArray(users.username, DEMO_USERS.map((u) => u.username)))).map((u) => u.username),
  );
  const missing = DEMO_USERS.filter((u) => !present.has(u.username));
  if (missing.length > 0) {
    const passwordHash = await hashPassword(DEMO_PASSWORD, cost);
    await orm
      .insert(users)
      .values(missing.map((u) => ({ ...u, passwordHash, orgUnitId: org.id })))
      .onConflictDoNothing();
  }
  await seedStarterTemplates(orm);
  return { orgUnitId: org.id, created: missing.map((u) => u.username) };
}
