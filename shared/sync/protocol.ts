import { z } from 'zod';
import { MutationSchema } from './mutations';

/**
 * Push limits: at most 1,000 mutations or 1 MB per batch. design.md §4 says 500; an offline
 * catch-up pays a fixed cost per request (the client's turn between batches, the server's
 * transaction and lock), and 1,000 took 10,000 changes from 2.26 s to 1.98 s to converge on the
 * browser sync bench. A day's small pushes are unaffected.
 */
export const PUSH_MAX_MUTATIONS = 1000;
/** The limit before 1,000: a workstation talking to a record store not yet updated falls back to it. */
export const PUSH_MAX_MUTATIONS_BEFORE_1000 = 500;
export const PUSH_MAX_BYTES = 1_000_000;

/**
 * A mutation's number in its client's outbox (Dexie's auto-increment key): increasing, never
 * reused within one client id. Optional on the wire; see `ackedThrough`.
 */
export const ClientSeqSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const PushRequestSchema = z.object({
  /** Stable id of the workstation's local database. */
  clientId: z.uuid(),
  mutations: z.array(MutationSchema).min(1).max(PUSH_MAX_MUTATIONS),
  /** See PushEnvelopeSchema. */
  ackedThrough: ClientSeqSchema.optional(),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

/**
 * What the record store accepts on the wire: the batch's shape only. Each mutation is then
 * checked against its own schema (`checkMutation`), so an invalid one is answered `rejected`
 * / `invalid` with its field named while the rest of the batch applies (design.md §4).
 */
export const PushEnvelopeSchema = z.object({
  clientId: z.uuid(),
  mutations: z
    .array(z.looseObject({ mutationId: z.uuid(), name: z.string().max(64), args: z.unknown(), clientSeq: ClientSeqSchema.optional() }))
    .min(1)
    .max(PUSH_MAX_MUTATIONS),
  /**
   * Optional (issue 18): every mutation of this client whose `clientSeq` is at or below it has
   * been acknowledged and left the outbox. The server may then forget those results after a
   * grace window, and refuses such a mutation arriving again (`already-acknowledged`)
   * instead of applying it twice. Clients that send neither field keep every result stored.
   */
  ackedThrough: ClientSeqSchema.optional(),
});
export type PushEnvelope = z.infer<typeof PushEnvelopeSchema>;

/** The stored outcome of one mutation; a replay of the same id returns the same outcome. */
export const MutationResultSchema = z.discriminatedUnion('status', [
  z.object({ mutationId: z.uuid(), status: z.literal('applied'), seq: z.number().int() }),
  z.object({
    mutationId: z.uuid(),
    status: z.literal('rejected'),
    /** Machine code, e.g. `forbidden`, `conflict`, `invalid`. */
    reason: z.string(),
    message: z.string(),
    /** The server's current value, for conflicts. */
    current: z.unknown().optional(),
    /** For `invalid`: field path inside the mutation (`args.text`) → message code. */
    fields: z.record(z.string(), z.string()).optional(),
  }),
]);
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.object({ results: z.array(MutationResultSchema) });
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** One row of the change log as seen by a pulling client. */
export const ChangeSchema = z.object({
  seq: z.number().int(),
  entity: z.enum(['callRecord', 'noteSegment', 'case', 'agentStatus', 'warningInstruction', 'followUp']),
  id: z.string(),
  /** Null for a tombstone (the entity was deleted). */
  data: z.unknown().nullable(),
});
export type Change = z.infer<typeof ChangeSchema>;

/** Pull limits: a page holds at most this many changes. */
export const PULL_MAX_LIMIT = 1000;
export const PULL_DEFAULT_LIMIT = 500;

/** Query of `GET /api/v1/sync/pull`: changes with `seq > cursor`, at most `limit` of them. */
export const PullQuerySchema = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(PULL_MAX_LIMIT).default(PULL_DEFAULT_LIMIT),
  /**
   * The `purgedThrough` the client's history started under (from the page that began it).
   * A re-bootstrap from 0 passes pages below the compaction mark legitimately; this tells
   * the server so. Absent (0) for clients that never saw a purge.
   */
  purgedThrough: z.coerce.number().int().nonnegative().default(0),
});
export type PullQuery = z.infer<typeof PullQuerySchema>;

export const PullResponseSchema = z.object({
  changes: z.array(ChangeSchema),
  /** Pass back as `cursor` on the next pull. */
  cursor: z.number().int(),
  /** More changes are waiting beyond this page. */
  more: z.boolean(),
  /** The tombstone compaction mark this page is complete against; send it back as `purgedThrough`. */
  purgedThrough: z.number().int().nonnegative().default(0),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;
