import { and, desc, eq, gte, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AuditPage, AuditQuery } from '../../shared/schemas/audit';
import type { OrgScope } from '../auth/scopes';
import type { Orm } from '../db/database';
import { auditEvents, users } from '../db/schema';

/**
 * One page of the audit trail, newest first, limited to events whose actor belongs to the
 * auditor's org scope (plus actor-less events, e.g. failed sign-ins for unknown names,
 * for auditors at a root unit).
 */
export async function queryAudit(orm: Orm, scope: OrgScope, query: AuditQuery): Promise<AuditPage> {
  const inScope = inArray(auditEvents.actorId, orm.select({ id: users.id }).from(users).where(inArray(users.orgUnitId, scope.unitIds)));
  const conditions: Array<SQL | undefined> = [scope.isRoot ? or(inScope, isNull(auditEvents.actorId)) : inScope];
  if (query.from !== undefined) conditions.push(gte(auditEvents.at, sql`to_timestamp(${query.from / 1000})`));
  if (query.to !== undefined) conditions.push(lt(auditEvents.at, sql`to_timestamp(${query.to / 1000})`));
  if (query.actor) conditions.push(eq(auditEvents.actorId, query.actor));
  if (query.action) conditions.push(query.action.endsWith('.') ? like(auditEvents.action, `${query.action}%`) : eq(auditEvents.action, query.action));
  if (query.cursor !== undefined) conditions.push(lt(auditEvents.id, query.cursor));
  const rows = await orm
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((r) => ({ id: Number(r.id), at: r.at.getTime(), actorId: r.actorId, action: r.action, target: r.target, detail: r.detail as Record<string, unknown> | null, ip: r.ip })),
    nextCursor: rows.length > query.limit ? Number(page[page.length - 1]?.id) : null,
  };
}
