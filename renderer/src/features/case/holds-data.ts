import type { CaseFieldKey } from '@shared/schemas/case';
import type { LocalCase } from '../../storage/db';

/** Facts the workstation writes itself from the call: they are not the call-taker's data. */
const CALL_FACTS: ReadonlySet<CaseFieldKey> = new Set(['direction', 'dialedNumber', 'startedAt', 'answeredAt', 'endedAt', 'talkSeconds'] as CaseFieldKey[]);

const blank = (v: unknown) => v === undefined || v === null || v === false || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Whether a case holds anything the call-taker or a look-up put in (a call type, a fraud type,
 * any field beyond the call's own facts). Such a case is not closed by a one-click non-data
 * disposition without a confirmation (issue 17).
 */
export function holdsData(c: Pick<LocalCase, 'callType' | 'fraudType' | 'fields'>): boolean {
  if (c.callType !== 'unclassified' || c.fraudType) return true;
  return Object.entries(c.fields).some(([k, v]) => !CALL_FACTS.has(k as CaseFieldKey) && !blank(v));
}
