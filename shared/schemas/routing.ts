import { z } from 'zod';

/**
 * The routing interface between a PBX and the record store (issue 16, design §3b): the PBX
 * asks `POST /api/v1/routing/next` for every 96110 call until it gets an agent, and tells
 * `POST /api/v1/routing/report` what became of an offer. Any PBX can sit behind it.
 */

/** How the next agent is picked among ready ones. */
export const RoutingStrategySchema = z.enum(['longest-idle', 'fewest-calls']);
export type RoutingStrategy = z.infer<typeof RoutingStrategySchema>;

/** Text the PBX copies from SIP (Call-ID, caller number): printable, bounded. */
const SipToken = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** `POST /routing/next`: the call asking for an agent (asked again while it waits). */
export const RoutingNextRequestSchema = z.object({
  callId: SipToken,
  /** The caller's number (or SIP user) as the PBX saw it. */
  caller: z.string().max(64).regex(/^[\x21-\x7e]*$/).default(''),
});
export type RoutingNextRequest = z.infer<typeof RoutingNextRequestSchema>;

/**
 * The decision: ring `extension` for at most `ringMs` (`offer`), hold the caller and ask again
 * after `retryMs` (`wait`), or send the caller to `target` (`overflow`, the maximum wait is over), or stop (`gone`: the
 * caller already hung up or was answered, so the PBX ends the queued INVITE).
 */
export const RoutingDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('offer'), extension: z.string(), agentId: z.string().uuid(), ringMs: z.number().int() }),
  z.object({ decision: z.literal('wait'), retryMs: z.number().int(), position: z.number().int() }),
  z.object({ decision: z.literal('overflow'), target: z.string() }),
  z.object({ decision: z.literal('gone') }),
]);
export type RoutingDecision = z.infer<typeof RoutingDecisionSchema>;

/** What became of a call or an offer, reported by the PBX. */
export const RoutingOutcomeSchema = z.enum(['answered', 'no-answer', 'abandoned']);
export type RoutingOutcome = z.infer<typeof RoutingOutcomeSchema>;

/** `POST /routing/report`. */
export const RoutingReportSchema = z.object({
  callId: SipToken,
  outcome: RoutingOutcomeSchema,
  /** The extension that answered or did not (absent when the caller gave up in the queue). */
  extension: z.string().max(32).optional(),
});
export type RoutingReport = z.infer<typeof RoutingReportSchema>;

/** The header a PBX proves itself with when the record store has a PBX secret. */
export const PBX_SECRET_HEADER = 'x-pbx-secret';

/** `GET /routing/queue`: the supervisor's live queue figures (today = Asia/Shanghai day). */
export const QueueFiguresSchema = z.object({
  /** Callers held or ringing an agent right now. */
  waitingNow: z.number().int(),
  /** The longest current wait, ms (0 when nobody waits). */
  longestWaitMs: z.number().int(),
  answeredToday: z.number().int(),
  abandonedToday: z.number().int(),
  /** Share of today's answered calls answered within 20 s (null before the first). */
  serviceLevel: z.number().nullable(),
  /** Numbers with an open call-back (未接来电回拨). */
  openCallbacks: z.number().int(),
  /** Calls arrived today per Asia/Shanghai hour: 24 counts, index 0 is 00:00–01:00. */
  callsPerHour: z.array(z.number().int()).length(24),
});
export type QueueFigures = z.infer<typeof QueueFiguresSchema>;
