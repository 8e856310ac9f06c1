import type { CaseFieldKey, CaseFields } from '@shared/schemas/case';
import type { FreezeRecordView, LookupBy } from '@shared/schemas/freeze';

/** What the call-taker searched for, when it was the card/account number (its first digits name the bank). */
export interface LookupQuery {
  by: LookupBy;
  value: string;
}

const mask = (digits: string) => `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;

/**
 * The account as the case may keep it (`622202******1234`): never the full number. The
 * answer itself is masked to its last 4 digits, so the searched number supplies the first
 * 6 when it is the same account; otherwise only the last 4 are kept.
 */
export function maskedAccountFor(record: FreezeRecordView, query?: LookupQuery | null): string | undefined {
  const tail = /(\d{4})\D*$/.exec(record.accountNumber)?.[1];
  if (!tail) return undefined;
  const typed = query?.by === 'account' ? query.value.replace(/[\s-]/g, '') : '';
  if (/^\d{12,}$/.test(typed) && typed.endsWith(tail)) return mask(typed);
  const clear = record.accountNumber.replace(/[\s-]/g, '');
  if (!record.masked && /^\d{12,}$/.test(clear)) return mask(clear);
  return `********${tail}`;
}

/** The freeze-inquiry fields a picked look-up result answers. */
export function caseFieldsFromFreezeRecord(record: FreezeRecordView, query?: LookupQuery | null): CaseFields {
  const account = maskedAccountFor(record, query);
  return {
    freezeRecordId: record.id,
    authority: record.authority,
    authorityPhone: record.authorityPhone,
    lookupResultRef: record.noticeNumber,
    measureType: record.measureType,
    fundsRole: record.holderRole,
    institution: record.institution,
    ...(account ? { accountNumberMasked: account } : {}),
    // A bank card may be debit or credit: only a payment account says which type it is.
    ...(record.accountKind === 'payment-account' ? { accountType: 'payment-account' as const } : {}),
  };
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * The part of `proposed` that may go into the case: fields still empty, or still holding
 * what an earlier pre-fill put there (picking another result replaces its own values), never
 * what the call-taker typed or chose. Returns the patch and its keys in proposal order.
 */
export function fillBlanks(current: CaseFields, proposed: CaseFields, earlier: CaseFields = {}): { patch: CaseFields; filled: CaseFieldKey[] } {
  const patch: Record<string, unknown> = {};
  const filled: CaseFieldKey[] = [];
  for (const [key, value] of Object.entries(proposed) as Array<[CaseFieldKey, unknown]>) {
    const now = current[key];
    const ours = !blank(now) && earlier[key] !== undefined && JSON.stringify(earlier[key]) === JSON.stringify(now);
    if (blank(value) || !(blank(now) || ours) || JSON.stringify(now) === JSON.stringify(value)) continue;
    patch[key] = value;
    filled.push(key);
  }
  return { patch: patch as CaseFields, filled };
}

/** The symptom a freeze measure causes, as callers describe it (a risk control is too varied to say). */
const SYMPTOM_OF_MEASURE: Partial<Record<FreezeRecordView['measureType'], NonNullable<CaseFields['symptom']>>> = {
  'protective-stop-payment': 'cannot-transfer-out',
  'emergency-stop-payment': 'cannot-transfer-out',
  freeze: 'fully-frozen',
};

/**
 * The usual answers of a freeze inquiry that found its record (issue 17: a call in ≤ 10 keys):
 * the caller was sent to the authority with no escalation, a bank card searched by number is a
 * debit card, and the measure says what the caller saw. Proposed like the look-up's own facts,
 * so they only fill blanks, are listed as filled, and stay one ↓ away from another choice.
 */
export function freezeInquiryDefaults(record: FreezeRecordView, query?: LookupQuery | null): CaseFields {
  const symptom = SYMPTOM_OF_MEASURE[record.measureType];
  return {
    ...(record.accountKind !== 'payment-account' && query?.by === 'account' ? { accountType: 'debit-card' as const } : {}),
    ...(symptom ? { symptom } : {}),
    guidance: ['contact-authority'],
    escalation: 'none',
  };
}
