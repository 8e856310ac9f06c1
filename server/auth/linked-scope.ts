import { inArray } from 'drizzle-orm';
import type { Orm } from '../db/database';
import { callRecords, cases } from '../db/schema';
import { ApiHttpError } from '../http/api-error';

/** Ids a request links its action to (a look-up audited against a case, an attempt's call). */
export interface LinkedIds {
  caseId?: string | null;
  callRecordId?: string | null;
}

/**
 * Refuses (403, naming the field) a linked case or call record the server holds in a unit
 * outside `unitIds`, so nobody can attach their action to, or read through, another unit's
 * record (`fieldNames`: how the request names the field, for the 403's `fields`). An id the server does not hold yet passes: a desk may act before its offline
 * queue has pushed the case, and the id alone reveals nothing; its own push is scoped.
 */
export async function assertLinkedInScope(orm: Orm, unitIds: readonly string[], linked: LinkedIds, fieldNames: Partial<Record<keyof LinkedIds, string>> = {}): Promise<void> {
  const checks: Array<[string, Promise<Array<{ orgUnitId: string }>>]> = [];
  if (linked.caseId) checks.push([fieldNames.caseId ?? 'caseId', orm.select({ orgUnitId: cases.orgUnitId }).from(cases).where(inArray(cases.id, [linked.caseId]))]);
  if (linked.callRecordId) checks.push([fieldNames.callRecordId ?? 'callRecordId', orm.select({ orgUnitId: callRecords.orgUnitId }).from(callRecords).where(inArray(callRecords.id, [linked.callRecordId]))]);
  for (const [field, rows] of checks) {
    const [row] = await rows;
    if (row && !unitIds.includes(row.orgUnitId)) throw new ApiHttpError(403, 'forbidden', `${field} names a record of another org unit.`, { [field]: 'other-org-unit' });
  }
}
