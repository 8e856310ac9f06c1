import { z } from 'zod';

/** `GET /api/v1/health` (no auth): whether the record store and its database answer. */
export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  /** The database engine behind this instance. */
  db: z.enum(['postgres', 'pglite']),
  /** Server build version (package.json). */
  version: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
