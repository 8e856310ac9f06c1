import type { FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Orm } from '../db/database';
import { queryRows } from '../db/database';
import { sessionOf } from './authenticate';

/** The org units a caller may see: their own unit and everything under it. */
export interface OrgScope {
  unitIds: string[];
  /** The caller's unit has no parent (a city centre): it also sees events tied to no unit. */
  isRoot: boolean;
}

const cache = new WeakMap<FastifyRequest, Promise<OrgScope>>();

/** Walks the org tree down from one unit in one recursive query (UNION, so a bad cycle cannot loop). */
export async function loadOrgScope(orm: Orm, orgUnitId: string): Promise<OrgScope> {
  const rows = await queryRows<{ id: string; parent_id: string | null }>(
    orm,
    sql`WITH RECURSIVE scope(id, parent_id) AS (
          SELECT id, parent_id FROM org_units WHERE id = ${orgUnitId}
          UNION
          SELECT o.id, o.parent_id FROM org_units o JOIN scope s ON o.parent_id = s.id
        )
        SELECT id, parent_id FROM scope`,
  );
  const own = rows.find((r) => r.id === orgUnitId);
  return { unitIds: rows.map((r) => r.id), isRoot: own !== undefined && own.parent_id === null };
}

/**
 * The signed-in caller's scope (city → district → station), computed once per request
 * however many queries of the request ask for it.
 */
export function orgScopeOf(orm: Orm, request: FastifyRequest): Promise<OrgScope> {
  let scope = cache.get(request);
  if (!scope) {
    scope = loadOrgScope(orm, sessionOf(request).user.orgUnitId);
    cache.set(request, scope);
  }
  return scope;
}
