import { normalizeNumber } from '../phone/normalize';
import type { FreezeLookupRequest, LookupBy } from '../schemas/freeze';
import { validateBankCard } from './bank-card';
import { validateResidentId, type ResidentIdReason } from './resident-id';

/** The look-up form as typed. */
export interface LookupQueryInput {
  by: LookupBy;
  value: string;
  /** With `by: 'name'`: last 4-6 digits of the card/account or ID number. */
  partialNumber?: string;
}

/** Machine codes; the UI turns them into a sentence naming the field. */
export type LookupErrorCode =
  | 'required'
  | 'account-characters'
  | 'account-length'
  | `id-${ResidentIdReason}`
  | 'phone-invalid'
  | 'name-too-short'
  | 'name-characters'
  | 'partial-required'
  | 'partial-format';

export type LookupWarningCode = 'card-luhn' | 'not-card-length';

export interface LookupFieldError {
  field: 'value' | 'partialNumber';
  code: LookupErrorCode;
}

export type LookupQueryResult =
  | { ok: true; request: FreezeLookupRequest; warnings: LookupWarningCode[]; bankHint: string | null }
  | { ok: false; errors: LookupFieldError[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a look-up before it is sent and normalises the value the way freeze records store
 * it (digits only, upper-case check character, no separators).
 */
export function validateLookupQuery(input: LookupQueryInput): LookupQueryResult {
  const value = input.value.trim();
  if (value === '') return fail('value', 'required');
  const warnings: LookupWarningCode[] = [];
  let bankHint: string | null = null;
  let normalized: string;
  switch (input.by) {
    case 'account': {
      if (EMAIL.test(value)) {
        // Payment institutions' accounts may be e-mail addresses.
        normalized = value.toLowerCase();
        break;
      }
      const digits = value.replace(/[\s-]+/g, '');
      if (!/^\d+$/.test(digits)) return fail('value', 'account-characters');
      if (digits.length < 6 || digits.length > 32) return fail('value', 'account-length');
      const card = validateBankCard(digits);
      if (card.valid) {
        if (card.warnings.includes('luhn')) warnings.push('card-luhn');
        bankHint = card.bankHint;
      } else warnings.push('not-card-length');
      normalized = digits;
      break;
    }
    case 'idNumber': {
      const id = validateResidentId(value);
      if (!id.valid) return fail('value', `id-${id.reason}`);
      normalized = id.normalized;
      break;
    }
    case 'phone': {
      const n = normalizeNumber(value);
      if (!n.e164 && !n.service) return fail('value', 'phone-invalid');
      // Sent as typed minus separators: the server spells numbers the way its records do.
      normalized = value.replace(/[\s\-()]/g, '');
      break;
    }
    case 'name': {
      if (value.length < 2) return fail('value', 'name-too-short');
      if (/[\d@]/.test(value)) return fail('value', 'name-characters');
      normalized = value.replace(/\s+/g, '');
      const partial = (input.partialNumber ?? '').replace(/\s+/g, '');
      if (partial === '') return fail('partialNumber', 'partial-required');
      if (!/^[0-9Xx]{4,6}$/.test(partial)) return fail('partialNumber', 'partial-format');
      return { ok: true, request: { by: 'name', value: normalized, partialNumber: partial.toUpperCase() }, warnings, bankHint };
    }
  }
  if (normalized.length < 2) return fail('value', 'required');
  return { ok: true, request: { by: input.by, value: normalized }, warnings, bankHint };
}

function fail(field: LookupFieldError['field'], code: LookupErrorCode): LookupQueryResult {
  return { ok: false, errors: [{ field, code }] };
}
