import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { EpochMsSchema, UuidSchema } from './ids';

/**
 * A follow-up (回访/跟进): a promised call-back or check on a caller, with a due time that
 * raises a reminder. Synced like cases: the client makes the id, the server orders the
 * writes, and a delete reaches every replica as a tombstone (design.md §4).
 */

export const FOLLOW_UP_STATES = ['open', 'done', 'cancelled'] as const;
export const FollowUpStateSchema = z.enum(FOLLOW_UP_STATES);
export type FollowUpState = z.infer<typeof FollowUpStateSchema>;

/** Longest follow-up note (a reminder, not the case record). */
export const FOLLOW_UP_NOTE_MAX = 2000;

const note = safeText().max(FOLLOW_UP_NOTE_MAX, { message: 'too-long' });
/** Normalised number to call back (E.164 when valid), as cases keep it. */
const callerNumber = safeText().trim().min(1, { message: 'required' }).max(40, { message: 'too-long' }).regex(/^\+?[0-9*#]+$/, { message: 'phone-number' });

/** `followUp.create`: a new open follow-up in the creator's org unit. */
export const FollowUpCreateSchema = z
  .object({
    id: UuidSchema,
    /** The case it came from, if any. */
    caseId: UuidSchema.nullable(),
    callRecordId: UuidSchema.nullable(),
    callerNumber: callerNumber.nullable(),
    dueAt: EpochMsSchema,
    note,
    /** Who is reminded; a user of the same org unit (usually the creator). */
    assigneeId: UuidSchema,
    createdAt: EpochMsSchema,
  })
  .refine((v) => v.callerNumber !== null || v.note.trim() !== '', { message: 'number-or-note', path: ['note'] });
export type FollowUpCreate = z.infer<typeof FollowUpCreateSchema>;

/**
 * `followUp.update`: a per-field patch (absent keys are left alone). Due time and note merge
 * last-writer-wins in server order; the assignee is guarded: a change carries the value it
 * expects to replace and is refused with the current one when someone else moved it first.
 */
export const FollowUpUpdateSchema = z
  .object({
    id: UuidSchema,
    dueAt: EpochMsSchema.optional(),
    note: note.optional(),
    assigneeId: UuidSchema.optional(),
    expectedAssigneeId: UuidSchema.optional(),
  })
  .refine((v) => v.assigneeId === undefined || v.expectedAssigneeId !== undefined, { message: 'required', path: ['expectedAssigneeId'] });
export type FollowUpUpdate = z.infer<typeof FollowUpUpdateSchema>;

/** `followUp.complete`: closes an open follow-up as done or cancelled. */
export const FollowUpCompleteSchema = z.object({
  id: UuidSchema,
  state: z.enum(['done', 'cancelled']),
  at: EpochMsSchema,
});
export type FollowUpComplete = z.infer<typeof FollowUpCompleteSchema>;

/** `followUp.delete`: removes it everywhere (a tombstone in the change log). */
export const FollowUpDeleteSchema = z.object({ id: UuidSchema });
export type FollowUpDelete = z.infer<typeof FollowUpDeleteSchema>;

/** A follow-up as pulled and as kept by the server. */
export const FollowUpSchema = z.object({
  id: UuidSchema,
  caseId: UuidSchema.nullable(),
  callRecordId: UuidSchema.nullable(),
  callerNumber: safeText().max(40).nullable(),
  dueAt: EpochMsSchema,
  note: safeText().max(FOLLOW_UP_NOTE_MAX),
  state: FollowUpStateSchema,
  assigneeId: UuidSchema,
  orgUnitId: UuidSchema,
  createdAt: EpochMsSchema,
  doneAt: EpochMsSchema.nullable(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;
