import { sql } from 'drizzle-orm';
import { anyUuid } from '../../db/any-of';
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
  const rows = await orm.select().from(callRecords).where(anyUuid(callRecords.id, ids));
  for (const row of rows) {
    const { updatedSeq, ...rest } = row;
    found.set(row.id, { ...rest, ...toCallRecord(rest as CallRecord), ref: { seq: updatedSeq } });
  }
  return found;
}

/**
 * Writes final states in one multi-row upsert; callers pass each id at most once. The rows
 * travel as one JSON parameter (one parameter per cell cost more to build and parse than the
 * upsert itself). A conflict keeps the stored identity, agent and unit, as before.
 */
export async function saveCallRecords(orm: Orm, rows: CallRecordState[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map(({ ref, ...row }) => {
      if (ref.seq === undefined) throw new Error(`call record ${row.id} saved without a seq`);
      return { ...row, updatedSeq: ref.seq };
    }),
  );
  await orm.execute(sql`INSERT INTO call_records (id, sip_call_id, direction, remote_number, dialed_number, started_at, answered_at, ended_at, end_reason, agent_id, org_unit_id, updated_seq)
    SELECT (e->>'id')::uuid, e->>'sipCallId', e->>'direction', e->>'remoteNumber', e->>'dialedNumber', (e->>'startedAt')::bigint, (e->>'answeredAt')::bigint,
      (e->>'endedAt')::bigint, e->>'endReason', (e->>'agentId')::uuid, (e->>'orgUnitId')::uuid, (e->>'updatedSeq')::bigint
    FROM jsonb_array_elements(${json}::jsonb) AS e
    ON CONFLICT (id) DO UPDATE SET remote_number = excluded.remote_number, dialed_number = excluded.dialed_number, started_at = excluded.started_at,
      answered_at = excluded.answered_at, ended_at = excluded.ended_at, end_reason = excluded.end_reason, updated_seq = excluded.updated_seq`);
}
