import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { EpochMsSchema, PhoneNumberSchema, UuidSchema } from './ids';
import { FraudTypeSchema } from './template';

/**
 * Warning instructions (预警指令): work items the city platform issues, graded by risk, worked
 * by district centres (SMS, calls, relatives) and police stations (face-to-face visits).
 * The server validates every state change (server/warnings/state-machine.ts).
 */

/**
 * Free text stored in PostgreSQL `text`, which cannot hold U+0000: refused here with a field
 * error instead of failing in the database.
 */
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !value.includes('\u0000'), { message: 'nul-character' });

/** Risk grades, most urgent first: 特危, 高危, 中危, 低危. A three-grade region leaves one out. */
export const WARNING_GRADES = ['extreme', 'high', 'medium', 'low'] as const;
export const WarningGradeSchema = z.enum(WARNING_GRADES);
export type WarningGrade = z.infer<typeof WarningGradeSchema>;

/** Every state of an instruction; `closed` and `void` are final. */
export const WARNING_STATES = [
  'issued',
  'signed-for',
  'sms-sent',
  'calling',
  'visit-requested',
  'relatives-contacted',
  'dissuaded',
  'defrauded',
  'refused',
  'unreachable',
  'feedback',
  'evaluated',
  'closed',
  'void',
] as const;
export const WarningStateSchema = z.enum(WARNING_STATES);
export type WarningState = z.infer<typeof WarningStateSchema>;

/** States where work on the person is under way (any of them may follow another). */
export const WORKING_STATES = ['sms-sent', 'calling', 'visit-requested', 'relatives-contacted'] as const satisfies readonly WarningState[];
/** The outcome states: what happened to the person. */
export const OUTCOME_STATES = ['dissuaded', 'defrauded', 'refused', 'unreachable'] as const satisfies readonly WarningState[];
export type WarningOutcome = (typeof OUTCOME_STATES)[number];

/** How one attempt to reach the person went; the order is the workstation's 1-7 keys. */
export const ATTEMPT_RESULTS = ['answered', 'no-answer', 'busy', 'declined', 'blocked-96110', 'answered-by-other-or-forwarded', 'invalid-number'] as const;
export const AttemptResultSchema = z.enum(ATTEMPT_RESULTS);
export type AttemptResult = z.infer<typeof AttemptResultSchema>;

export const AttemptChannelSchema = z.enum(['call', 'sms', 'visit']);
export type AttemptChannel = z.infer<typeof AttemptChannelSchema>;

/** One grade's presentation and urgency in a region's configuration. */
export const GradeSettingSchema = z.object({
  grade: WarningGradeSchema,
  /** CSS colour of the grade's badge and row marker. */
  colour: safeText().min(1),
  /** Alarm sound key the workstation plays when an instruction of this grade becomes overdue. */
  sound: safeText().min(1),
  /** Minutes after `issuedAt` by which an outcome must be recorded. */
  overdueMinutes: z.number().int().positive(),
});
export type GradeSetting = z.infer<typeof GradeSettingSchema>;

/** `GET /api/v1/warning-stations`: the police stations in the caller's scope a visit can be dispatched to. */
export const WarningStationsResponseSchema = z.object({ stations: z.array(z.object({ id: UuidSchema, name: safeText(), code: safeText() })) });
export type WarningStationsResponse = z.infer<typeof WarningStationsResponseSchema>;

/** `GET /api/v1/warning-config`: the region's grades, most urgent first. */
export const WarningConfigSchema = z.object({ region: safeText(), grades: z.array(GradeSettingSchema).min(1), autoSmsLow: z.boolean() });
export type WarningConfigView = z.infer<typeof WarningConfigSchema>;

/** One instruction as the city platform sends it to `POST /api/v1/ingest/warning-instructions`. */
export const WarningInstructionInputSchema = z.object({
  /** The platform's id; ingest is idempotent on it. */
  sourceId: text(1, 64),
  grade: WarningGradeSchema,
  personName: text(1, 64),
  phones: z.array(PhoneNumberSchema).min(1).max(5),
  idNumber: z
    .string()
    .trim()
    .regex(/^[0-9]{17}[0-9Xx]$/, { message: 'id-number' })
    .optional(),
  fraudType: FraudTypeSchema,
  /** What the platform saw, e.g. the fraud site or number the person talked to. */
  summary: text(0, 500).default(''),
  issuedAt: EpochMsSchema,
  /** Code of the responsible org unit (e.g. `district-b`). */
  orgUnitCode: text(1, 64),
});
export type WarningInstructionInput = z.infer<typeof WarningInstructionInputSchema>;

export const WarningIngestRequestSchema = z.object({ instructions: z.array(z.unknown()).min(1).max(5000) });

export const WarningIngestResponseSchema = z.object({
  created: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      sourceId: safeText().optional(),
      status: z.enum(['created', 'unchanged', 'error']),
      id: UuidSchema.optional(),
      errors: z.array(z.object({ field: safeText(), message: safeText() })).optional(),
    }),
  ),
});
export type WarningIngestResponse = z.infer<typeof WarningIngestResponseSchema>;

export const RegradeEntrySchema = z.object({ from: WarningGradeSchema, to: WarningGradeSchema, at: z.number().int(), by: UuidSchema, reason: safeText() });
export type RegradeEntry = z.infer<typeof RegradeEntrySchema>;

export const WarningAttemptSchema = z.object({
  id: UuidSchema,
  at: EpochMsSchema,
  agentId: UuidSchema,
  channel: AttemptChannelSchema,
  number: safeText(),
  result: AttemptResultSchema,
  callRecordId: UuidSchema.nullable(),
});
export type WarningAttempt = z.infer<typeof WarningAttemptSchema>;

export const ContactResultSchema = z.enum([...ATTEMPT_RESULTS, 'will-persuade']);
export const WarningContactSchema = z.object({
  id: UuidSchema,
  at: EpochMsSchema,
  agentId: UuidSchema,
  /** e.g. 父亲, 配偶, 同事. */
  relation: safeText(),
  name: safeText(),
  number: safeText(),
  result: ContactResultSchema,
});
export type WarningContact = z.infer<typeof WarningContactSchema>;

export const VisitResultSchema = z.enum(['met-dissuaded', 'met-refused', 'not-found', 'refused-visit', 'defrauded']);
export const WarningVisitSchema = z.object({
  id: UuidSchema,
  stationUnitId: UuidSchema,
  dispatchedAt: z.number().int(),
  officer: safeText().nullable(),
  metAt: z.number().int().nullable(),
  place: safeText().nullable(),
  result: VisitResultSchema.nullable(),
  returnedAt: z.number().int().nullable(),
});
export type WarningVisit = z.infer<typeof WarningVisitSchema>;

export const EvaluationSchema = z.object({ rating: z.enum(['good', 'adequate', 'poor']), comment: text(0, 500) });

/**
 * The automatic warning call of an instruction (issue 19, server/auto-call): the job's status
 * (`queued` while the caller still works it) and every call it made, with the agents' result
 * code (null: the network failed, nobody was reached) and what the person did.
 */
export const AutoCallSummarySchema = z.object({
  status: z.enum(['queued', 'acknowledged', 'sms-fallback', 'escalated', 'taken-over']),
  /** The person pressed 2: an agent should call back first. */
  priority: z.boolean(),
  escalation: safeText().nullable(),
  /** A call is being made right now (an instance holds the job). Absent from older servers' answers. */
  inCall: z.boolean().optional(),
  /** When the next call is due (queued jobs only; null otherwise). */
  nextAttemptAt: EpochMsSchema.nullable().optional(),
  /** Calls in all under the policy when the job was made (null: not known). */
  maxAttempts: z.number().int().positive().nullable().optional(),
  attempts: z.array(
    z.object({
      at: EpochMsSchema,
      number: safeText(),
      outcome: z.enum(['pressed-1', 'pressed-2', 'answered-no-key', 'busy', 'no-answer', 'invalid-number', 'network-failure']),
      result: z.enum(['answered', 'busy', 'no-answer', 'invalid-number']).nullable(),
    }),
  ),
});
export type AutoCallSummary = z.infer<typeof AutoCallSummarySchema>;

/** An instruction with everything done on it: the list/detail answer and the `warningInstruction` change data. */
export const WarningInstructionSchema = z.object({
  id: UuidSchema,
  sourceId: safeText(),
  grade: WarningGradeSchema,
  personName: safeText(),
  phones: z.array(safeText()),
  idNumber: safeText().nullable(),
  fraudType: FraudTypeSchema,
  summary: safeText(),
  issuedAt: z.number().int(),
  orgUnitId: UuidSchema,
  assigneeId: UuidSchema.nullable(),
  state: WarningStateSchema,
  gradeHistory: z.array(RegradeEntrySchema),
  voidReason: safeText().nullable(),
  feedback: safeText().nullable(),
  evaluation: EvaluationSchema.extend({ by: UuidSchema, at: z.number().int() }).nullable(),
  /** When the current state was entered (server clock). */
  stateAt: z.number().int(),
  /** The fraud-report case opened when the outcome was recorded as defrauded (the server always says; absent from older servers' answers). */
  fraudReportCaseId: UuidSchema.nullable().optional(),
  attempts: z.array(WarningAttemptSchema),
  contacts: z.array(WarningContactSchema),
  visits: z.array(WarningVisitSchema),
  /** Set when the automatic caller took the instruction up (absent from older servers' answers). */
  autoCall: AutoCallSummarySchema.nullable().optional(),
});
export type WarningInstruction = z.infer<typeof WarningInstructionSchema>;

/** A list entry: the instruction plus the server's overdue verdict at `at`. */
export const WarningListResponseSchema = z.object({
  items: z.array(WarningInstructionSchema.extend({ overdue: z.boolean(), overdueAt: z.number().int() })),
  at: z.number().int(),
});
export type WarningListResponse = z.infer<typeof WarningListResponseSchema>;

/** `POST /warning-instructions/:id/transition`: what to do, and the state the client believes it is in. */
export const WarningTransitionRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('sign'), expectedState: WarningStateSchema }),
  z.object({ action: z.literal('call'), expectedState: WarningStateSchema }),
  z.object({ action: z.literal('send-sms'), expectedState: WarningStateSchema, templateKey: text(1, 64).default('sms.warning-low') }),
  z.object({ action: z.literal('request-visit'), expectedState: WarningStateSchema, stationUnitId: UuidSchema }),
  z.object({ action: z.literal('relatives-contacted'), expectedState: WarningStateSchema }),
  z.object({
    action: z.literal('outcome'),
    expectedState: WarningStateSchema,
    outcome: z.enum(OUTCOME_STATES),
    /** With `defrauded` only: the fraud-report case the workstation opens for the person (the case may reach the server later). */
    fraudReportCaseId: UuidSchema.optional(),
  }),
  z.object({ action: z.literal('feedback'), expectedState: WarningStateSchema, feedback: text(1, 2000) }),
  z.object({ action: z.literal('evaluate'), expectedState: WarningStateSchema, evaluation: EvaluationSchema }),
  z.object({ action: z.literal('close'), expectedState: WarningStateSchema }),
  z.object({ action: z.literal('void'), expectedState: WarningStateSchema, reason: text(1, 500) }),
  z.object({ action: z.literal('regrade'), expectedState: WarningStateSchema, grade: WarningGradeSchema, reason: text(1, 500) }),
]);
export type WarningTransitionRequest = z.infer<typeof WarningTransitionRequestSchema>;
export type WarningAction = WarningTransitionRequest['action'];
/** A transition without its expected state (the client adds the state it shows). */
export type WarningStep = WarningTransitionRequest extends infer R ? (R extends unknown ? Omit<R, 'expectedState'> : never) : never;

/** 409 body of a refused transition: the state the server holds. */
export const WarningConflictSchema = z.object({ error: safeText(), message: safeText(), current: WarningStateSchema });

export const AttemptInputSchema = z.object({
  at: EpochMsSchema,
  channel: AttemptChannelSchema,
  number: PhoneNumberSchema,
  result: AttemptResultSchema,
  callRecordId: UuidSchema.nullable().default(null),
});
export type AttemptInput = z.infer<typeof AttemptInputSchema>;
export const ContactInputSchema = z.object({
  at: EpochMsSchema,
  relation: text(1, 32),
  name: text(1, 64),
  number: PhoneNumberSchema,
  result: ContactResultSchema,
});
export type ContactInput = z.infer<typeof ContactInputSchema>;
export const VisitRecordInputSchema = z.object({
  officer: text(1, 64),
  metAt: EpochMsSchema,
  place: text(1, 200),
  result: VisitResultSchema,
});
export type VisitRecordInput = z.infer<typeof VisitRecordInputSchema>;
