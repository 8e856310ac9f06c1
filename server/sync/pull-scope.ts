import type { SessionUser } from '../../shared/schemas/auth';
import { loadOrgScope } from '../auth/scopes';
import type { Orm } from '../db/database';

/**
 * The org units whose changes a user's workstation pulls and is poked about. A supervisor
 * oversees their unit and everything under it (a district centre and its stations); other
 * roles work in their own unit only, which keeps a call-taker's local database small.
 */
export async function pullScope(orm: Orm, user: SessionUser): Promise<string[]> {
  if (user.role !== 'supervisor') return [user.orgUnitId];
  return (await loadOrgScope(orm, user.orgUnitId)).unitIds;
}
