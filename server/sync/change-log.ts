import { sql } from 'drizzle-orm';
import type { Orm } from '../db/database';
import { queryRows } from '../db/database';
import { changeLog } from '../db/schema';
import type { ChangeEntity } from './batch-types';

/** Any fixed number, distinct from the migration lock. */
const CHANGE_LOG_LOCK_KEY = 96_110_002;

/**
 * Serialises writers of the change log until the transaction ends. Without it two
 * concurrent pushes could commit seqs out of order (11 visible before 10), and a client
 * that pulled up to 11 would never see 10. Every writer of change_log takes it first.
 */
export async function lockChangeLog(tx: Orm): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHANGE_LOG_LOCK_KEY}::bigint)`);
}

/** Draws `count` ascending seqs in one round-trip (the caller holds the change-log lock). */
export async function allocateSeqs(tx: Orm, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ seq: string | number }>(
    tx,
    sql`SELECT nextval(pg_get_serial_sequence('change_log', 'seq')) AS seq FROM generate_series(1, ${count}::int)`,
  );
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}

/** One change_log row. */
export interface ChangeRow {
  seq: number;
  entity: ChangeEntity;
  entityId: string;
  orgUnitId: string;
  /** Client-shaped entity, or null for a tombstone. */
  data: unknown;
}

/** Appends changes with their pre-drawn seqs in one statement. */
export async function appendChanges(tx: Orm, rows: ChangeRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(changeLog).values(rows.map((r) => ({ seq: r.seq, entity: r.entity, entityId: r.entityId, orgUnitId: r.orgUnitId, data: r.data })));
}
