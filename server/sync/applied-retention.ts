import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/database';

/**
 * How long an acknowledged result is still kept: a second window of the same workstation
 * that read the outbox just before the acknowledgement may still send the same mutations,
 * and within this window it gets their stored results rather than `already-acknowledged`.
 */
export const DEFAULT_ACKED_RESULT_GRACE_MS = 24 * 60 * 60 * 1000;

/** Rows per delete transaction, so no push waits long behind one. */
const BATCH = 5000;

/**
 * The applied_mutations retention rule (issue 18): a stored result is deleted once its client
 * has acknowledged it (its `client_seq` is at or below the client's `acked_through`, see
 * client-acks.ts) and it is older than `graceMs`. Everything else stays: results a client has
 * not acknowledged yet (a replay must get them back), and results of clients that send no
 * outbox numbers (nothing tells us they cannot be replayed). So the table holds, per client,
 * what is above its acknowledged point plus a day, however long the centre runs. A pruned
 * mutation that is sent again is refused by push as `already-acknowledged`, never re-applied.
 * Runs beside change-log compaction, in short transactions, without the change-log lock
 * (push reads a result or the acknowledged point, both only ever move one way).
 */
export async function pruneAppliedMutations(orm: Orm, options: { graceMs?: number | undefined; batchRows?: number } = {}): Promise<number> {
  const graceMs = options.graceMs ?? DEFAULT_ACKED_RESULT_GRACE_MS;
  const batch = options.batchRows ?? BATCH;
  let pruned = 0;
  for (;;) {
    const [row] = await queryRows<{ n: number }>(
      orm,
      sql`WITH gone AS (
            DELETE FROM applied_mutations WHERE mutation_id IN (
              SELECT a.mutation_id FROM sync_clients c
              JOIN applied_mutations a ON a.client_id = c.client_id AND a.user_id = c.user_id AND a.client_seq <= c.acked_through
              WHERE a.applied_at < now() - ${graceMs} * interval '1 millisecond'
              LIMIT ${batch})
            RETURNING 1)
          SELECT count(*)::int AS n FROM gone`,
    );
    const n = row?.n ?? 0;
    pruned += n;
    if (n < batch) return pruned;
  }
}
