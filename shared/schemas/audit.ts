import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { UuidSchema } from './ids';

/** `GET /api/v1/audit` (auditors only): newest first; pass `nextCursor` back as `cursor` for the next page. */
export const AuditQuerySchema = z.object({
  /** Epoch ms, inclusive. */
  from: z.coerce.number().int().nonnegative().optional(),
  /** Epoch ms, exclusive. */
  to: z.coerce.number().int().nonnegative().optional(),
  /** Acting user id. */
  actor: UuidSchema.optional(),
  /** Exact action (`freeze.reveal`) or a family with a trailing dot (`freeze.`). */
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z.-]{0,40}$/)
    .optional(),
  /** The last event id of the previous page. */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEventSchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actorId: safeText().nullable(),
  action: safeText(),
  target: safeText().nullable(),
  detail: z.record(safeText(), z.unknown()).nullable(),
  ip: safeText().nullable(),
});
export type AuditEventView = z.infer<typeof AuditEventSchema>;

export const AuditPageSchema = z.object({
  events: z.array(AuditEventSchema),
  /** Null: this was the last page. */
  nextCursor: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
