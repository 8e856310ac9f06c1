import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { AgentStateNameSchema } from './agent-state';
import { RoleSchema } from './auth';
import { UuidSchema } from './ids';
import { GradeSettingSchema, WarningGradeSchema, WarningStateSchema } from './warning';

/**
 * The shift supervisor's view (班长视图, issue 7): the live warning queue of the supervisor's
 * subtree by grade and state, the overdue list, agents' states, per-agent workload of a day,
 * and reassignment of an instruction to another call-taker.
 */

/** One agent (call-taker or supervisor) of the supervisor's subtree and what they are doing now. */
export const SupervisedAgentSchema = z.object({
  id: UuidSchema,
  username: safeText(),
  displayName: safeText(),
  role: RoleSchema,
  orgUnitId: UuidSchema,
  /** `offline` when the agent never reported a state. */
  state: AgentStateNameSchema,
  reason: safeText().nullable(),
  /** Client clock when the state was entered; null when never reported. */
  since: z.number().int().nullable(),
});
export type SupervisedAgent = z.infer<typeof SupervisedAgentSchema>;

/** An open instruction as the board lists it (no phone or ID number: the board does not need them). */
export const BoardInstructionSchema = z.object({
  id: UuidSchema,
  sourceId: safeText(),
  grade: WarningGradeSchema,
  state: WarningStateSchema,
  personName: safeText(),
  issuedAt: z.number().int(),
  orgUnitId: UuidSchema,
  assigneeId: UuidSchema.nullable(),
  /** When it is (or was) overdue by its grade's time. */
  overdueAt: z.number().int(),
  overdue: z.boolean(),
});
export type BoardInstruction = z.infer<typeof BoardInstructionSchema>;

/** `GET /api/v1/supervisor/board`. */
export const SupervisorBoardSchema = z.object({
  /** Server clock of the answer (overdue verdicts and ages are against it). */
  at: z.number().int(),
  /** The region's grades, most urgent first (colours). */
  grades: z.array(GradeSettingSchema),
  /** Open instructions (not closed, not void) per grade × state; absent pairs are zero. */
  counts: z.array(z.object({ grade: WarningGradeSchema, state: WarningStateSchema, count: z.number().int().nonnegative() })),
  openTotal: z.number().int().nonnegative(),
  /** Open instructions, most urgent grade first then oldest, at most SUPERVISOR_OPEN_MAX. */
  open: z.array(BoardInstructionSchema),
  overdueTotal: z.number().int().nonnegative(),
  /** Overdue instructions, oldest first, at most SUPERVISOR_OVERDUE_MAX. */
  overdue: z.array(BoardInstructionSchema),
  agents: z.array(SupervisedAgentSchema),
});
export type SupervisorBoard = z.infer<typeof SupervisorBoardSchema>;

/** Most open instructions the board lists (counts and totals are always complete). */
export const SUPERVISOR_OPEN_MAX = 500;
/** Most overdue instructions the board lists. */
export const SUPERVISOR_OVERDUE_MAX = 200;

/** A calendar day, `YYYY-MM-DD`, that exists. */
export const IsoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date-format' })
  .refine(
    (value) => {
      const [y, m, d] = value.split('-').map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      return y >= 2000 && y <= 2999 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    },
    { message: 'date-invalid' },
  );

/** One agent's work in the day. */
export const AgentWorkloadSchema = SupervisedAgentSchema.extend({
  /** Calls the agent answered that day (call records of theirs with `answeredAt` in the day). */
  calls: z.number().int().nonnegative(),
  /** Sum of answered → ended of those calls that have ended, ms. */
  talkMs: z.number().int().nonnegative(),
  /**
   * Instructions the agent finished that day: distinct instructions the agent moved to an
   * outcome (dissuaded, defrauded, refused, unreachable) or to closed.
   */
  instructionsClosed: z.number().int().nonnegative(),
  /** Of those, the ones that ended dissuaded (劝阻成功). */
  dissuaded: z.number().int().nonnegative(),
});
export type AgentWorkload = z.infer<typeof AgentWorkloadSchema>;

const count = z.number().int().nonnegative();
/**
 * Warning calls of one local hour (issue 19): the automatic caller's, by outcome, beside the
 * agents' recorded call attempts. `notReached`: busy, no answer, no such number, network failure.
 */
export const WarningCallsHourSchema = z.object({
  hour: z.number().int().min(0).max(23),
  auto: z.object({ calls: count, acknowledged: count, callback: count, answeredNoKey: count, notReached: count }),
  agents: z.object({ calls: count, answered: count }),
});
export type WarningCallsHour = z.infer<typeof WarningCallsHourSchema>;

/** `GET /api/v1/supervisor/workload?date=YYYY-MM-DD`: the Asia/Shanghai day [from, to). */
export const SupervisorWorkloadSchema = z.object({
  date: IsoDaySchema,
  from: z.number().int(),
  to: z.number().int(),
  at: z.number().int(),
  agents: z.array(AgentWorkloadSchema),
  /** Warning calls per hour, automatic beside the agents' (absent from older servers' answers). */
  warningCallsByHour: z.array(WarningCallsHourSchema).optional(),
});
export type SupervisorWorkload = z.infer<typeof SupervisorWorkloadSchema>;

/** Free text PostgreSQL can store (no U+0000). */
const reasonText = z
  .string()
  .trim()
  .min(1, { message: 'reason-required' })
  .max(500, { message: 'reason-too-long' })
  .refine((value) => !value.includes('\u0000'), { message: 'nul-character' });

/** `POST /api/v1/warning-instructions/:id/reassign`. */
export const ReassignRequestSchema = z.object({
  /** The call-taker who takes the instruction over (of the instruction's own unit). */
  assigneeId: UuidSchema,
  reason: reasonText,
  /** The assignee the supervisor saw; when given and different, 409 (someone moved it first). */
  expectedAssigneeId: UuidSchema.nullable().optional(),
});
export type ReassignRequest = z.infer<typeof ReassignRequestSchema>;

/** Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of an instant, `YYYY-MM-DD`. */
export function shanghaiDayOf(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instants [from, to) of an Asia/Shanghai day. */
export function shanghaiDayBounds(day: string): { from: number; to: number } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const from = Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS;
  return { from, to: from + 86_400_000 };
}
