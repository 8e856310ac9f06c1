import { sql } from 'drizzle-orm';
import type { MutationResult } from '../../shared/sync/protocol';
import { queryRows, type Orm } from '../db/database';

/**
 * Reads the point through which `clientId` (of `userId`) has acknowledged its outbox, and
 * raises it to `ackedThrough` when the push carries a higher one (it never goes down: a stale
 * second window reporting an older point changes nothing). Returns the higher of the stored
 * and the reported point: both say "acknowledged". One statement; nothing is written when the
 * push carries no point.
 */
export async function takeAckedThrough(tx: Orm, userId: string, clientId: string, ackedThrough: number | undefined): Promise<number> {
  if (ackedThrough === undefined) {
    const [row] = await queryRows<{ acked: string | number }>(tx, sql`SELECT acked_through AS acked FROM sync_clients WHERE user_id = ${userId} AND client_id = ${clientId}`);
    return Number(row?.acked ?? 0);
  }
  const [row] = await queryRows<{ acked: string | number }>(
    tx,
    sql`INSERT INTO sync_clients (user_id, client_id, acked_through) VALUES (${userId}, ${clientId}, ${ackedThrough})
        ON CONFLICT (user_id, client_id) DO UPDATE SET acked_through = GREATEST(sync_clients.acked_through, EXCLUDED.acked_through), seen_at = now()
        RETURNING acked_through AS acked`,
  );
  return Math.max(Number(row?.acked ?? 0), ackedThrough);
}

/**
 * The answer to a mutation not found among the stored results although its outbox number is
 * at or below the acknowledged point: it was applied and acknowledged before, and its stored
 * result was pruned (applied-retention.ts). It is refused, never applied a second time; the
 * client may drop it from its outbox (it has been acknowledged already).
 */
export function alreadyAcknowledged(mutationId: string, clientSeq: number, ackedThrough: number): MutationResult {
  return {
    mutationId,
    status: 'rejected',
    reason: 'already-acknowledged',
    message: `This mutation (outbox number ${clientSeq}) was applied and acknowledged before (this workstation acknowledged everything through ${ackedThrough}); it is not applied again.`,
  };
}
