import { z } from 'zod';
import { CallRecordSchema, NoteSegmentSchema } from '../schemas/call-record';
import { UuidSchema } from '../schemas/ids';
import { AgentStateSchema } from '../schemas/agent-state';
import { CaseFinaliseSchema, CaseOpenSchema, CaseSetFieldsSchema } from '../schemas/case';
import { FollowUpCompleteSchema, FollowUpCreateSchema, FollowUpDeleteSchema, FollowUpUpdateSchema } from '../schemas/follow-up';

/**
 * Every change a client makes travels as a named mutation with a client-generated id. The
 * server applies each id exactly once and stores the result so a replay returns it
 * (design.md §4). New mutation names are added here, with their argument schema, and
 * nowhere else.
 */
export const mutationArgs = {
  /** Creates or updates the call record's call facts (idempotent by `id`). */
  'callRecord.upsert': CallRecordSchema,
  /** Appends one immutable note segment. */
  'noteSegment.append': NoteSegmentSchema,
  /** Opens a case draft (idempotent by `id`). */
  'case.open': CaseOpenSchema,
  /** Patches case fields; the server merges per field in server order (last writer wins). */
  'case.setFields': CaseSetFieldsSchema,
  /** Closes a case; rejected `invalid` with field errors when the finalise rules fail. */
  'case.finalise': CaseFinaliseSchema,
  /** The agent's current state (ready, not ready, on call, after-call work, offline). */
  'agentState.set': AgentStateSchema,
  /** Creates an open follow-up (idempotent by `id`). */
  'followUp.create': FollowUpCreateSchema,
  /** Patches due time and note (last writer wins per field) or moves the assignee (guarded). */
  'followUp.update': FollowUpUpdateSchema,
  /** Closes an open follow-up as done or cancelled. */
  'followUp.complete': FollowUpCompleteSchema,
  /** Deletes a follow-up; replicas drop it through the tombstone. */
  'followUp.delete': FollowUpDeleteSchema,
} as const;

export type MutationName = keyof typeof mutationArgs;
export const MUTATION_NAMES = Object.keys(mutationArgs) as [MutationName, ...MutationName[]];

/** One mutation of any name, validated against its own argument schema. */
export const MutationSchema = z.discriminatedUnion('name', [
  z.object({ mutationId: UuidSchema, name: z.literal('callRecord.upsert'), args: mutationArgs['callRecord.upsert'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('noteSegment.append'), args: mutationArgs['noteSegment.append'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('case.open'), args: mutationArgs['case.open'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('case.setFields'), args: mutationArgs['case.setFields'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('case.finalise'), args: mutationArgs['case.finalise'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('agentState.set'), args: mutationArgs['agentState.set'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('followUp.create'), args: mutationArgs['followUp.create'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('followUp.update'), args: mutationArgs['followUp.update'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('followUp.complete'), args: mutationArgs['followUp.complete'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('followUp.delete'), args: mutationArgs['followUp.delete'] }),
]);
export type Mutation = z.infer<typeof MutationSchema>;
