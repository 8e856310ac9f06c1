import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/database';

/** sync_state key: the highest seq whose tombstone compaction removed. */
export const TOMBSTONES_PURGED_THROUGH = 'tombstones_purged_through';

/** Tombstones are kept this long by default, so a workstation offline for a month still catches every delete. */
export const DEFAULT_TOMBSTONE_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** sync_state key: every change_log row at or below it has been checked for being superseded. */
export const SUPERSEDED_CHECKED_THROUGH = 'superseded_checked_through';

/** Rows per compaction transaction: each is short, so no push or pull waits long for one. */
const BATCH = 5000;

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
 * - a row followed by a later row for the same (entity, entity_id, org unit) is dropped: each
 *   row carries the entity's whole state, so a client pulling past it still gets the later one;
 * - tombstones older than `retentionMs` are dropped, and the highest such seq is recorded
 *   in sync_state. A client whose cursor is below it could have missed a delete, so pull
 *   answers it 409 and it re-bootstraps (design.md §4).
 * Costs follow what is new, not the log's length: only rows appended since the last run are
 * looked at (each deletes its entity's older rows through the entity index), and old
 * tombstones are found through their partial index. Work goes in short transactions of
 * `BATCH` rows WITHOUT the change-log lock: a push only appends rows above every committed
 * seq, which can neither un-supersede a row nor be an old tombstone, so pushes never wait on
 * compaction. Rows are taken only up to the highest committed seq, and pushes commit in seq
 * order (they hold the lock from drawing seqs to commit), so nothing below it arrives later.
 * Several instances may run it at once: deletes are idempotent and the marks only go up.
 */
export async function compactChangeLog(orm: Orm, options: { retentionMs?: number; batchRows?: number } = {}): Promise<CompactionResult> {
  const retentionMs = options.retentionMs ?? DEFAULT_TOMBSTONE_RETENTION_MS;
  const batch = options.batchRows ?? BATCH;
  const [top] = await queryRows<{ seq: string | number | null }>(orm, sql`SELECT max(seq) AS seq FROM change_log`);
  const end = Number(top?.seq ?? 0);
  let from = await readMark(orm, SUPERSEDED_CHECKED_THROUGH);
  // A mark beyond the log (a restored or reset database) would stop compaction for good: start over.
  if (from > end) from = 0;
  let superseded = 0;
  for (let lo = from; lo < end; lo += batch) {
    const hi = Math.min(lo + batch, end);
    superseded += await orm.transaction(async (tx) => {
      const [gone] = await queryRows<{ n: number }>(
        tx,
        sql`WITH latest AS (
              SELECT entity, entity_id, org_unit_id, max(seq) AS seq FROM change_log WHERE seq > ${lo} AND seq <= ${hi} GROUP BY entity, entity_id, org_unit_id),
            gone AS (
              DELETE FROM change_log c USING latest
              WHERE c.entity_id = latest.entity_id AND c.entity = latest.entity AND c.org_unit_id = latest.org_unit_id AND c.seq < latest.seq
              RETURNING 1)
            SELECT count(*)::int AS n FROM gone`,
      );
      await raiseMark(tx, SUPERSEDED_CHECKED_THROUGH, hi);
      return gone?.n ?? 0;
    });
  }

  let tombstones = 0;
  for (;;) {
    // The predicate repeats the partial index's (migration 0009), so old tombstones are found without
    // scanning the log. The mark rises in the same transaction as the delete: no pull sees one without the other.
    const n = await orm.transaction(async (tx) => {
      const [purged] = await queryRows<{ n: number; max: string | number | null }>(
        tx,
        sql`WITH gone AS (
              DELETE FROM change_log WHERE seq IN (
                SELECT seq FROM change_log WHERE (data IS NULL OR data = 'null'::jsonb) AND at < now() - ${retentionMs} * interval '1 millisecond' ORDER BY seq LIMIT ${batch})
              RETURNING seq)
            SELECT count(*)::int AS n, max(seq) AS max FROM gone`,
      );
      if (purged?.n) await raiseMark(tx, TOMBSTONES_PURGED_THROUGH, Number(purged.max));
      return purged?.n ?? 0;
    });
    tombstones += n;
    if (n < batch) break;
  }
  const purgedThrough = await raiseMark(orm, TOMBSTONES_PURGED_THROUGH, 0);
  return { superseded, tombstones, purgedThrough };
}

async function readMark(orm: Orm, key: string): Promise<number> {
  const [row] = await queryRows<{ value: string | number }>(orm, sql`SELECT value FROM sync_state WHERE key = ${key}`);
  return Number(row?.value ?? 0);
}

/** Sets a sync_state mark to at least `value` (never lowers it); returns the mark now stored. */
async function raiseMark(orm: Orm, key: string, value: number): Promise<number> {
  const [mark] = await queryRows<{ value: string | number }>(
    orm,
    sql`INSERT INTO sync_state (key, value) VALUES (${key}, ${value})
        ON CONFLICT (key) DO UPDATE SET value = GREATEST(sync_state.value, EXCLUDED.value)
        RETURNING value`,
  );
  return Number(mark?.value ?? 0);
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
