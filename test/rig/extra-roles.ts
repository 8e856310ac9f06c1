import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../shared/schemas/auth';
import { orgUnits, users } from '../../server/db/schema';
import { FIXTURE_PASSWORD, type BackendContext } from './db-backends';

/** The roles the base fixture lacks, and the units of the org tree below city A. */
export interface ExtraRoles {
  /** A district under city A (for subtree-write checks). */
  districtA1: string;
  /** A police station under city A. */
  stationA1: string;
  /** username → id of the extra users. */
  users: Record<ExtraUser, string>;
}
export type ExtraUser = 'warnA' | 'stationA1' | 'agentDA1';

/**
 * Adds, after the per-test fixture reset, a district and a police station under city A and
 * the users of the roles the base fixture lacks: a warning officer of city A, a station
 * officer of the station, a call-taker of the district. Kept out of the base fixture so the
 * suites that count a unit's users are unchanged. Sign them in with `loginAs`.
 */
export async function addExtraRoles(t: BackendContext): Promise<ExtraRoles> {
  const [hash] = await t.db.orm.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, t.fixture.users.agentA1));
  const units = await t.db.orm
    .insert(orgUnits)
    .values([
      { code: 'district-a1', name: 'District A1', kind: 'district', parentId: t.fixture.orgA },
      { code: 'station-a1', name: 'Station A1', kind: 'station', parentId: t.fixture.orgA },
    ])
    .returning({ id: orgUnits.id, code: orgUnits.code });
  const districtA1 = units.find((u) => u.code === 'district-a1')?.id as string;
  const stationA1 = units.find((u) => u.code === 'station-a1')?.id as string;
  const rows: Array<{ username: ExtraUser; role: Role; orgUnitId: string }> = [
    { username: 'warnA', role: 'warning-officer', orgUnitId: t.fixture.orgA },
    { username: 'stationA1', role: 'station-officer', orgUnitId: stationA1 },
    { username: 'agentDA1', role: 'call-taker', orgUnitId: districtA1 },
  ];
  const created = await t.db.orm
    .insert(users)
    .values(rows.map((r) => ({ ...r, passwordHash: hash?.passwordHash ?? sql`''`, displayName: r.username })))
    .returning({ id: users.id, username: users.username });
  return { districtA1, stationA1, users: Object.fromEntries(created.map((u) => [u.username, u.id])) as Record<ExtraUser, string> };
}

/** Signs any user in by name (fixture or extra) and returns the bearer token. */
export async function loginAs(t: BackendContext, username: string): Promise<string> {
  const answer = await t.call('POST', '/api/v1/auth/login', { body: { username, password: FIXTURE_PASSWORD } });
  if (answer.status !== 200) throw new Error(`login ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token as string;
}
