import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/database';
import { lockChangeLog } from './change-log';

/** sync_state key: the highest seq whose tombstone compaction removed. */
export const TOMBSTONES_PURGED_THROUGH = 'tombstones_purged_through';

/** Tombstones are kept this long by default, so a workstation offline for a month still catches every delete. */
export const DEFAULT_TOMBSTONE_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

export interface CompactionResult {
  /** Rows removed because a later row for the same entity carries its newer state. */
  superseded: number;
  /** Tombstones removed for being older than the retention. */
  tombstones: number;
  /** The low-water mark after this run (0 when no tombstone was ever purged). */
  purgedThrough: number;
}

/**
 * Shrinks the change log without changing what any client ends up with:
 * - a row followed by a later row for the same (entity, entity_id) is dropped: each row
 *   carries the entity's whole state, so a client pulling past it still gets the later one;
 * - tombstones older than `retentionMs` are dropped, and the highest such seq is recorded
 *   in sync_state. A client whose cursor is below it could have missed a delete, so pull
 *   answers it 409 and it re-bootstraps (design.md §4).
 * Runs under the change-log lock in one transaction, so pushes wait rather than interleave.
 */
export async function compactChangeLog(orm: Orm, options: { retentionMs?: number } = {}): Promise<CompactionResult> {
  const retentionMs = options.retentionMs ?? DEFAULT_TOMBSTONE_RETENTION_MS;
  return orm.transaction(async (tx) => {
    await lockChangeLog(tx);
    const superseded = await queryRows<{ n: number }>(
      tx,
      sql`WITH gone AS (
            DELETE FROM change_log c
            WHERE EXISTS (SELECT 1 FROM change_log later WHERE later.entity = c.entity AND later.entity_id = c.entity_id AND later.org_unit_id = c.org_unit_id AND later.seq > c.seq)
            RETURNING 1)
          SELECT count(*)::int AS n FROM gone`,
    );
    const purged = await queryRows<{ n: number; max: string | number | null }>(
      tx,
      sql`WITH gone AS (
            DELETE FROM change_log
            WHERE (data IS NULL OR data = 'null'::jsonb) AND at < now() - ${retentionMs} * interval '1 millisecond'
            RETURNING seq)
          SELECT count(*)::int AS n, max(seq) AS max FROM gone`,
    );
    const newMark = purged[0]?.max === null || purged[0]?.max === undefined ? 0 : Number(purged[0].max);
    const [mark] = await queryRows<{ value: string | number }>(
      tx,
      sql`INSERT INTO sync_state (key, value) VALUES (${TOMBSTONES_PURGED_THROUGH}, ${newMark})
          ON CONFLICT (key) DO UPDATE SET value = GREATEST(sync_state.value, EXCLUDED.value)
          RETURNING value`,
    );
    return { superseded: superseded[0]?.n ?? 0, tombstones: purged[0]?.n ?? 0, purgedThrough: Number(mark?.value ?? 0) };
  });
}

/** The tombstone low-water mark: cursors below it may have missed a delete. */
export async function tombstonesPurgedThrough(orm: Orm): Promise<number> {
  const [row] = await queryRows<{ value: string | number }>(orm, sql`SELECT value FROM sync_state WHERE key = ${TOMBSTONES_PURGED_THROUGH}`);
  return Number(row?.value ?? 0);
}

/** The highest seq this database ever handed out (0 before the first); a cursor beyond it belongs to another database. */
export async function highestIssuedSeq(orm: Orm): Promise<number> {
  const [row] = await queryRows<{ seq: string | number | null }>(orm, sql`SELECT pg_sequence_last_value(pg_get_serial_sequence('change_log', 'seq')::regclass) AS seq`);
  return Number(row?.seq ?? 0);
}
