import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** What the workstation shows about a caller's number. */
export interface NormalizedNumber {
  /** As received from the PBX. */
  raw: string;
  /** E.164 (`+8613800138000`) when the number is valid, else null. */
  e164: string | null;
  /** ISO 3166 region of the number (`CN`, `HK`, `MM`, …), when known. */
  region: string | null;
  /**
   * Outside the mainland (including Hong Kong, Macao and Taiwan): the seeds' 境外来电提醒,
   * because without overseas ties such a call is almost always fraud.
   */
  overseas: boolean;
  /** Short service numbers such as 96110, 110, 95588: never flagged, never E.164. */
  service: boolean;
  kind: 'mobile' | 'fixed' | 'voip' | 'toll-free' | 'service' | 'other' | 'unknown';
}

const MAINLAND = 'CN';
/** Chinese short service and bank numbers: 3-digit emergency, 5-digit 95xxx/96xxx, 1xxxx carriers. */
const SERVICE = /^(1[0-2][0-9]|9[56][0-9]{3,4}|1[0-9]{4}|12[0-9]{3})$/;

/**
 * Normalises a number received from the PBX, assuming mainland dialling rules when it has no
 * country code (a leading `00` is the international prefix there).
 */
export function normalizeNumber(raw: string): NormalizedNumber {
  const cleaned = raw.replace(/[\s\-()]/g, '');
  if (SERVICE.test(cleaned)) {
    return { raw, e164: null, region: MAINLAND, overseas: false, service: true, kind: 'service' };
  }
  const international = cleaned.startsWith('00') ? `+${cleaned.slice(2)}` : cleaned;
  const parsed = parsePhoneNumberFromString(international, MAINLAND);
  if (!parsed || !parsed.isValid()) {
    // An invalid number with an explicit foreign country code is still a foreign call.
    const region = parsed?.country ?? null;
    const foreignCode = international.startsWith('+') && !international.startsWith('+86');
    return { raw, e164: null, region, overseas: foreignCode || (region !== null && region !== MAINLAND), service: false, kind: 'unknown' };
  }
  const region = parsed.country ?? null;
  return {
    raw,
    e164: parsed.number,
    region,
    overseas: parsed.countryCallingCode !== '86' || (region !== null && region !== MAINLAND),
    service: false,
    kind: kindOf(parsed.getType()),
  };
}

function kindOf(type: string | undefined): NormalizedNumber['kind'] {
  switch (type) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
      return 'fixed';
    case 'FIXED_LINE_OR_MOBILE':
      return 'mobile';
    case 'VOIP':
      return 'voip';
    case 'TOLL_FREE':
      return 'toll-free';
    case undefined:
      return 'unknown';
    default:
      return 'other';
  }
}
