import { sql } from 'drizzle-orm';
import { anyUuid } from '../../db/any-of';
import type { Case, CaseFields } from '../../../shared/schemas/case';
import type { Orm } from '../../db/database';
import { cases } from '../../db/schema';
import type { CaseState } from '../batch-types';

/** The client-facing shape (CaseSchema) of a stored case: what pull serves. */
export function toCase(row: Case): Case {
  return {
    id: row.id,
    callRecordId: row.callRecordId,
    callerNumber: row.callerNumber,
    callType: row.callType,
    status: row.status,
    disposition: row.disposition,
    fraudType: row.fraudType,
    fields: row.fields,
    createdAt: row.createdAt,
    finalisedAt: row.finalisedAt,
  };
}

/** Loads the given cases in one query, keyed by id. */
export async function loadCases(orm: Orm, ids: string[]): Promise<Map<string, CaseState>> {
  const found = new Map<string, CaseState>();
  if (ids.length === 0) return found;
  const rows = await orm.select().from(cases).where(anyUuid(cases.id, ids));
  for (const row of rows) {
    const state = {
      ...toCase({ ...row, fields: row.fields as CaseFields } as Case),
      agentId: row.agentId,
      orgUnitId: row.orgUnitId,
      ref: { seq: row.updatedSeq },
    };
    found.set(row.id, state);
  }
  return found;
}

/**
 * Writes final states in one multi-row upsert; callers pass each id at most once. The rows
 * travel as one JSON parameter (one parameter per cell cost more to build and parse than the
 * upsert itself). A conflict keeps the stored call, caller, creation, agent and unit, as before.
 */
export async function saveCases(orm: Orm, rows: CaseState[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map(({ ref, ...row }) => {
      if (ref.seq === undefined) throw new Error(`case ${row.id} saved without a seq`);
      return { ...row, updatedSeq: ref.seq };
    }),
  );
  await orm.execute(sql`INSERT INTO cases (id, call_record_id, call_type, status, disposition, fraud_type, caller_number, fields, created_at, finalised_at, agent_id, org_unit_id, updated_seq)
    SELECT (e->>'id')::uuid, (e->>'callRecordId')::uuid, e->>'callType', e->>'status', e->>'disposition', e->>'fraudType', e->>'callerNumber', e->'fields',
      (e->>'createdAt')::bigint, (e->>'finalisedAt')::bigint, (e->>'agentId')::uuid, (e->>'orgUnitId')::uuid, (e->>'updatedSeq')::bigint
    FROM jsonb_array_elements(${json}::jsonb) AS e
    ON CONFLICT (id) DO UPDATE SET call_type = excluded.call_type, status = excluded.status, disposition = excluded.disposition, fraud_type = excluded.fraud_type,
      fields = excluded.fields, finalised_at = excluded.finalised_at, updated_seq = excluded.updated_seq`);
}
