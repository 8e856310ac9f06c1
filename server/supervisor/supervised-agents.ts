import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AgentStateName } from '../../shared/schemas/agent-state';
import type { Role } from '../../shared/schemas/auth';
import type { SupervisedAgent } from '../../shared/schemas/supervisor';
import { CALL_ROLES } from '../auth/roles';
import type { Orm } from '../db/database';
import { agentStatus, users } from '../db/schema';

/**
 * The people who take calls (call-takers, and supervisors, who also sit on the line) in the
 * given units, with their current state. Someone who never reported a state is `offline`.
 */
export async function supervisedAgents(orm: Orm, unitIds: string[]): Promise<SupervisedAgent[]> {
  if (unitIds.length === 0) return [];
  const rows = await orm
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      orgUnitId: users.orgUnitId,
      state: agentStatus.state,
      reason: agentStatus.reason,
      since: agentStatus.since,
    })
    .from(users)
    .leftJoin(agentStatus, eq(agentStatus.userId, users.id))
    .where(and(inArray(users.orgUnitId, unitIds), inArray(users.role, [...CALL_ROLES])))
    .orderBy(asc(users.displayName), asc(users.username));
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    role: r.role as Role,
    orgUnitId: r.orgUnitId,
    state: (r.state ?? 'offline') as AgentStateName,
    reason: r.reason ?? null,
    since: r.since ?? null,
  }));
}
