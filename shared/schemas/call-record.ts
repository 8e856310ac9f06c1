import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { EpochMsSchema, PhoneNumberSchema, UuidSchema } from './ids';

/** Inbound (来电) or outbound (去电). */
export const CallDirectionSchema = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof CallDirectionSchema>;

/**
 * One phone call as logged by a workstation. Keyed by a client UUID; `sipCallId` binds it to
 * the SIP dialog so a screen-pop or a late update can never attach to "the last call".
 */
export const CallRecordSchema = z.object({
  id: UuidSchema,
  sipCallId: safeText().min(1).max(256),
  direction: CallDirectionSchema,
  /** The other party's number (caller on inbound, callee on outbound); `anonymous` when withheld. */
  remoteNumber: z.union([PhoneNumberSchema, z.literal('anonymous')]),
  /** The number that was dialled (e.g. 96110 for inbound hotline calls). */
  dialedNumber: PhoneNumberSchema,
  startedAt: EpochMsSchema,
  answeredAt: EpochMsSchema.nullable(),
  endedAt: EpochMsSchema.nullable(),
  /** How the call ended, when it has. */
  endReason: z.enum(['local-hangup', 'remote-hangup', 'missed', 'rejected', 'failed', 'transferred', 'answered-elsewhere']).nullable(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

/** Longest note segment (characters): the composer refuses more, naming this limit. */
export const NOTE_SEGMENT_MAX_CHARS = 20_000;

/**
 * An immutable piece of a call note. Notes are append-only segments so that two writers
 * (or a replay) never conflict: a segment is identified by its UUID and stored once.
 */
export const NoteSegmentSchema = z.object({
  id: UuidSchema,
  callRecordId: UuidSchema,
  /** Order within the note, assigned by the writing client. */
  index: z.number().int().nonnegative().max(1_000_000),
  text: safeText().max(NOTE_SEGMENT_MAX_CHARS),
  createdAt: EpochMsSchema,
});
export type NoteSegment = z.infer<typeof NoteSegmentSchema>;
