import { inArray, sql } from 'drizzle-orm';
import type { CallRecord } from '../../../shared/schemas/call-record';
import type { Orm } from '../../db/database';
import { callRecords } from '../../db/schema';
import type { CallRecordState } from '../batch-types';

/** The client-facing shape (CallRecordSchema) of a stored record: what pull serves. */
export function toCallRecord(row: CallRecord): CallRecord {
  return {
    id: row.id,
    sipCallId: row.sipCallId,
    direction: row.direction,
    remoteNumber: row.remoteNumber,
    dialedNumber: row.dialedNumber,
    startedAt: row.startedAt,
    answeredAt: row.answeredAt,
    endedAt: row.endedAt,
    endReason: row.endReason,
  };
}

/** Loads the given records in one query, keyed by id. */
export async function loadCallRecords(orm: Orm, ids: string[]): Promise<Map<string, CallRecordState>> {
  const found = new Map<string, CallRecordState>();
  if (ids.length === 0) return found;
  const rows = await orm.select().from(callRecords).where(inArray(callRecords.id, ids));
  for (const row of rows) {
    const { updatedSeq, ...rest } = row;
    found.set(row.id, { ...rest, ...toCallRecord(rest as CallRecord), ref: { seq: updatedSeq } });
  }
  return found;
}

/** Writes final states in one multi-row upsert; callers pass each id at most once. */
export async function saveCallRecords(orm: Orm, rows: CallRecordState[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(({ ref, ...row }) => {
    if (ref.seq === undefined) throw new Error(`call record ${row.id} saved without a seq`);
    return { ...row, updatedSeq: ref.seq };
  });
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await orm
    .insert(callRecords)
    .values(values)
    .onConflictDoUpdate({
      target: callRecords.id,
      set: {
        remoteNumber: excluded('remote_number'),
        dialedNumber: excluded('dialed_number'),
        startedAt: excluded('started_at'),
        answeredAt: excluded('answered_at'),
        endedAt: excluded('ended_at'),
        endReason: excluded('end_reason'),
        updatedSeq: excluded('updated_seq'),
      },
    });
}
