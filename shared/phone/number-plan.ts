import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The centre's number plan, in one place: which dialled strings are the hotline, an agent's
 * extension, an emergency number or a citizen's phone, and the form each is sent in. The
 * dev PBX (resources/pbx/kamailio.cfg, route NUMPLAN/OUTBOUND) routes by the same classes with
 * the same patterns; a unit test keeps the two in step.
 */

/** The hotline's own number. */
export const HOTLINE = '96110';

/**
 * The hotline in the forms carriers deliver it: 96110, +8696110, 8696110, 008696110, and
 * with an area-code trunk prefix (02396110, 862396110). Same text as kamailio.cfg's HOTLINE_RE.
 */
export const HOTLINE_PATTERN = '^(([+]|00)?86)?(0?[1-9][0-9]{1,2})?96110$';

/** Mainland emergency numbers: police, fire, ambulance, traffic police. */
export const EMERGENCY_NUMBERS = ['110', '119', '120', '122'] as const;

/** Agents' extensions: four digits. */
export const EXTENSION_PATTERN = '^[0-9]{4}$';
/** A mobile (11 digits, 13x-19x) or a landline with its area code (0 + 9-11 digits), national form. */
export const TRUNK_NATIONAL_PATTERN = '^(1[3-9][0-9]{9}|0[1-9][0-9]{8,10})$';

export type DialClass = 'hotline' | 'extension' | 'emergency' | 'mobile' | 'landline' | 'international' | 'invalid';

/** Where a class of number goes: registered agents, the carrier trunk, or the emergency destination. */
export type DialRoute = 'agents' | 'trunk' | 'emergency' | 'none';

export interface DialPlan {
  /** As typed or received. */
  raw: string;
  class: DialClass;
  /** What goes into the request URI: national form for mainland numbers, 00… for abroad. */
  dial: string;
  route: DialRoute;
}

const HOTLINE_RE = new RegExp(HOTLINE_PATTERN);
const EXTENSION_RE = new RegExp(EXTENSION_PATTERN);
const TRUNK_NATIONAL_RE = new RegExp(TRUNK_NATIONAL_PATTERN);

/** True for any carrier form of 96110 (the inbound side of the plan). */
export function isHotline(user: string): boolean {
  return HOTLINE_RE.test(compact(user));
}

function compact(raw: string): string {
  return raw.replace(/[\s\-().]/g, '');
}

/**
 * Classifies a dialled number and gives the form it is sent in. Mainland numbers with a
 * country code (+86, 0086, 86) become national (138…, 023…), so the carrier sees one form.
 */
export function planDial(raw: string): DialPlan {
  const n = compact(raw);
  const plan = (cls: DialClass, dial: string, route: DialRoute): DialPlan => ({ raw, class: cls, dial, route });
  if (!/^[+]?[0-9]+$/.test(n)) return plan('invalid', n, 'none');
  if (isHotline(n)) return plan('hotline', HOTLINE, 'agents');
  if ((EMERGENCY_NUMBERS as readonly string[]).includes(n)) return plan('emergency', n, 'emergency');
  if (EXTENSION_RE.test(n)) return plan('extension', n, 'agents');
  if (TRUNK_NATIONAL_RE.test(n)) return plan(n.startsWith('1') ? 'mobile' : 'landline', n, 'trunk');
  const international = n.startsWith('00') ? `+${n.slice(2)}` : n.startsWith('86') ? `+${n}` : n;
  if (international.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(international);
    if (parsed?.isValid()) {
      if (parsed.countryCallingCode === '86') {
        const national = parsed.nationalNumber;
        // Beijing's area code is 10: a mobile is 11 digits starting 13-19, not just "starts with 1".
        return /^1[3-9][0-9]{9}$/.test(national) ? plan('mobile', national, 'trunk') : plan('landline', `0${national}`, 'trunk');
      }
      return plan('international', `00${parsed.number.slice(1)}`, 'trunk');
    }
  }
  return plan('invalid', n, 'none');
}
