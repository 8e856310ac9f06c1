import { z } from 'zod';
import { EpochMsSchema } from './ids';

/** What an agent is doing, as the supervisor's board shows it. */
export const AGENT_STATES = ['ready', 'not-ready', 'on-call', 'after-call-work', 'offline'] as const;
export const AgentStateNameSchema = z.enum(AGENT_STATES);
export type AgentStateName = z.infer<typeof AgentStateNameSchema>;

/** Why an agent is not ready; `supervising` is a supervisor's desk at sign-in (not routed 96110 calls until 就绪). */
export const NOT_READY_REASONS = ['meal', 'training', 'paperwork', 'supervising'] as const;
export const NotReadyReasonSchema = z.enum(NOT_READY_REASONS);
export type NotReadyReason = z.infer<typeof NotReadyReasonSchema>;

/** `agentState.set`: the agent's new state; a reason is given exactly when not ready. */
export const AgentStateSchema = z
  .object({
    state: AgentStateNameSchema,
    reason: NotReadyReasonSchema.nullable(),
    /** Client clock when the state was entered (informational; order is the server's). */
    since: EpochMsSchema,
  })
  .refine((s) => (s.state === 'not-ready') === (s.reason !== null), { path: ['reason'], message: 'reason-only-when-not-ready' });
export type AgentState = z.infer<typeof AgentStateSchema>;
