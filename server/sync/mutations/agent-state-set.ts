import type { AgentState } from '../../../shared/schemas/agent-state';
import type { Decision, PlanContext } from '../batch-types';
import { toAgentStatus } from '../entities/agent-status';

/**
 * `agentState.set`: an agent sets only their own state, in their own org unit. Every change
 * is published (a supervisor's board wants each transition, not only the last).
 */
export function planAgentStateSet({ user }: PlanContext, args: AgentState): Decision {
  const ref = {};
  const row = { userId: user.id, orgUnitId: user.orgUnitId, state: args.state, reason: args.reason, since: args.since, ref };
  return { kind: 'change', change: { entity: 'agentStatus', row, data: toAgentStatus(row), ref } };
}
