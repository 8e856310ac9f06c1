import { sql } from 'drizzle-orm';
import type { AgentState } from '../../../shared/schemas/agent-state';
import type { Orm } from '../../db/database';
import { agentStatus } from '../../db/schema';
import type { AgentStatusState } from '../batch-types';

/** The client-facing shape of an agent's state, as published to the change log. */
export function toAgentStatus(row: AgentStatusState): AgentState & { userId: string } {
  return { userId: row.userId, state: row.state, reason: row.reason, since: row.since };
}

/** Writes each agent's latest state in one upsert; callers pass each user at most once. */
export async function saveAgentStatuses(orm: Orm, rows: AgentStatusState[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(({ ref, ...row }) => {
    if (ref.seq === undefined) throw new Error(`agent status of ${row.userId} saved without a seq`);
    return { userId: row.userId, state: row.state, reason: row.reason, since: row.since, orgUnitId: row.orgUnitId, updatedSeq: ref.seq };
  });
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await orm
    .insert(agentStatus)
    .values(values)
    .onConflictDoUpdate({
      target: agentStatus.userId,
      set: { state: excluded('state'), reason: excluded('reason'), since: excluded('since'), orgUnitId: excluded('org_unit_id'), updatedSeq: excluded('updated_seq') },
    });
}
