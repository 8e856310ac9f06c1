import { eq, inArray } from 'drizzle-orm';
import type { Role } from '../../shared/schemas/auth';
import { hashPassword, type PasswordCost } from '../auth/password';
import type { Orm } from './database';
import { orgUnits, users } from './schema';
import { DEMO_ORG_CODE, DEMO_PASSWORD } from './seed-demo';

interface TreeUnit {
  code: string;
  name: string;
  kind: 'district' | 'station';
  parentCode: string;
}

/** Two district centres under the demo city centre, and one police station under each. */
export const DEMO_TREE_UNITS: readonly TreeUnit[] = [
  { code: 'demo-district-east', name: '东区反诈中心（演示）', kind: 'district', parentCode: DEMO_ORG_CODE },
  { code: 'demo-district-west', name: '西区反诈中心（演示）', kind: 'district', parentCode: DEMO_ORG_CODE },
  { code: 'demo-station-east-1', name: '东区第一派出所（演示）', kind: 'station', parentCode: 'demo-district-east' },
  { code: 'demo-station-west-1', name: '西区第一派出所（演示）', kind: 'station', parentCode: 'demo-district-west' },
];

interface TreeUser {
  username: string;
  role: Role;
  displayName: string;
  sipExtension: string | null;
  unitCode: string;
}

/** A call-taker per district, a station officer, an auditor and two warning officers at the city centre; password DEMO_PASSWORD. */
export const DEMO_TREE_USERS: readonly TreeUser[] = [
  { username: 'agent2001', role: 'call-taker', displayName: '东区坐席 2001', sipExtension: '2001', unitCode: 'demo-district-east' },
  { username: 'agent2002', role: 'call-taker', displayName: '西区坐席 2002', sipExtension: '2002', unitCode: 'demo-district-west' },
  { username: 'officer3001', role: 'station-officer', displayName: '东区第一派出所民警', sipExtension: null, unitCode: 'demo-station-east-1' },
  { username: 'auditor', role: 'auditor', displayName: '审计员', sipExtension: null, unitCode: DEMO_ORG_CODE },
  // Warning officers (预警员) of the city centre: they work its warning queue and make the
  // warning calls from their own extensions (outside the 96110 ring group), without freeze look-ups.
  { username: 'warn1101', role: 'warning-officer', displayName: '预警员 1101', sipExtension: '1101', unitCode: DEMO_ORG_CODE },
  { username: 'warn1102', role: 'warning-officer', displayName: '预警员 1102', sipExtension: '1102', unitCode: DEMO_ORG_CODE },
];

/**
 * Adds the district centres, stations and their users under the demo city centre (which
 * seedDemo creates first). Idempotent on unit codes and usernames; existing rows, even
 * changed ones, are left alone.
 */
export async function seedOrgTree(orm: Orm, cost: PasswordCost): Promise<{ createdUnits: string[]; createdUsers: string[] }> {
  const createdUnits: string[] = [];
  // Parents come before children in DEMO_TREE_UNITS, so one pass resolves every parent.
  for (const unit of DEMO_TREE_UNITS) {
    const [parent] = await orm.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, unit.parentCode));
    if (!parent) throw new Error(`org unit ${unit.parentCode} missing (seed the demo centre first)`);
    const inserted = await orm
      .insert(orgUnits)
      .values({ code: unit.code, name: unit.name, kind: unit.kind, parentId: parent.id })
      .onConflictDoNothing()
      .returning({ code: orgUnits.code });
    createdUnits.push(...inserted.map((u) => u.code));
  }
  const units = await orm
    .select({ id: orgUnits.id, code: orgUnits.code })
    .from(orgUnits)
    .where(inArray(orgUnits.code, [DEMO_ORG_CODE, ...DEMO_TREE_UNITS.map((u) => u.code)]));
  const unitId = new Map(units.map((u) => [u.code, u.id]));

  const present = new Set(
    (await orm.select({ username: users.username }).from(users).where(inArray(users.username, DEMO_TREE_USERS.map((u) => u.username)))).map((u) => u.username),
  );
  const missing = DEMO_TREE_USERS.filter((u) => !present.has(u.username));
  if (missing.length === 0) return { createdUnits, createdUsers: [] };
  const passwordHash = await hashPassword(DEMO_PASSWORD, cost);
  const inserted = await orm
    .insert(users)
    .values(
      missing.map(({ unitCode, ...u }) => ({ ...u, passwordHash, orgUnitId: unitId.get(unitCode) as string })),
    )
    .onConflictDoNothing()
    .returning({ username: users.username });
  return { createdUnits, createdUsers: inserted.map((u) => u.username) };
}
