import { inArray, sql } from 'drizzle-orm';
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
  const rows = await orm.select().from(cases).where(inArray(cases.id, ids));
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

/** Writes final states in one multi-row upsert; callers pass each id at most once. */
export async function saveCases(orm: Orm, rows: CaseState[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(({ ref, ...row }) => {
    if (ref.seq === undefined) throw new Error(`case ${row.id} saved without a seq`);
    return { ...row, updatedSeq: ref.seq };
  });
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await orm
    .insert(cases)
    .values(values)
    .onConflictDoUpdate({
      target: cases.id,
      set: {
        callType: excluded('call_type'),
        status: excluded('status'),
        disposition: excluded('disposition'),
        fraudType: excluded('fraud_type'),
        fields: excluded('fields'),
        finalisedAt: excluded('finalised_at'),
        updatedSeq: excluded('updated_seq'),
      },
    });
}
