import { z } from 'zod';
import { CallRecordSchema, NoteSegmentSchema } from '../schemas/call-record';
import { UuidSchema } from '../schemas/ids';

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
} as const;

export type MutationName = keyof typeof mutationArgs;
export const MUTATION_NAMES = Object.keys(mutationArgs) as [MutationName, ...MutationName[]];

/** One mutation of any name, validated against its own argument schema. */
export const MutationSchema = z.discriminatedUnion('name', [
  z.object({ mutationId: UuidSchema, name: z.literal('callRecord.upsert'), args: mutationArgs['callRecord.upsert'] }),
  z.object({ mutationId: UuidSchema, name: z.literal('noteSegment.append'), args: mutationArgs['noteSegment.append'] }),
]);
export type Mutation = z.infer<typeof MutationSchema>;
