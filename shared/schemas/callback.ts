import { z } from 'zod';

/** The result of one call-back attempt to a missed caller. */
export const CallbackResultSchema = z.enum(['reached', 'no-answer', 'busy', 'failed']);
export type CallbackResult = z.infer<typeof CallbackResultSchema>;

/**
 * One open entry of the 未接来电回拨 list: a number whose calls to 96110 were abandoned (in
 * the queue or while ringing) since it was last answered or reached by a call-back.
 */
export const OpenCallbackSchema = z.object({
  number: z.string(),
  missedCount: z.number().int(),
  firstMissedAt: z.number().int(),
  lastMissedAt: z.number().int(),
  /** Longest time one of those callers waited before giving up. */
  longestWaitMs: z.number().int(),
  /** Outside the mainland (境外来电): flagged, as such calls are usually fraud. */
  overseas: z.boolean(),
  attempts: z.number().int(),
  lastAttempt: z.object({ at: z.number().int(), result: CallbackResultSchema }).nullable(),
});
export type OpenCallback = z.infer<typeof OpenCallbackSchema>;

export const OpenCallbacksSchema = z.object({ callbacks: z.array(OpenCallbackSchema) });
export type OpenCallbacks = z.infer<typeof OpenCallbacksSchema>;

/** `POST /routing/callbacks/attempts`: the agent called `number` back, with this result. */
export const CallbackAttemptSchema = z.object({
  number: z.string().min(1).max(64).regex(/^\+?[0-9]+$/),
  result: CallbackResultSchema,
});
export type CallbackAttempt = z.infer<typeof CallbackAttemptSchema>;
