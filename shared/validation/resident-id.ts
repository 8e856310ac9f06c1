/**
 * Chinese resident identity numbers (公民身份号码, GB 11643-1999), as a call-taker types them
 * while the caller reads them out: the 18-character number with its ISO 7064 MOD 11-2 check
 * character, the legacy 15-digit number (born 19yy, no check digit), the residence permits of
 * Hong Kong, Macao (81, 82) and Taiwan (83) residents, and the 2023 foreign permanent
 * resident ID card (leading "9", same layout and check character).
 */

/** Why a number was refused, in the order the checks run. */
export type ResidentIdReason = 'length' | 'characters' | 'region' | 'birth-date' | 'check-digit';

/** Which document the number belongs to. */
export type ResidentIdKind = 'resident' | 'hk-macao-resident-permit' | 'taiwan-resident-permit' | 'foreign-permanent-resident';

export interface ResidentIdBirthDate {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
}

export type ResidentIdResult =
  | {
      valid: true;
      /** The number without spaces, check character upper-case. */
      normalized: string;
      format: 18 | 15;
      kind: ResidentIdKind;
      birthDate: ResidentIdBirthDate;
      sex: 'male' | 'female';
      /** A 15-digit number upgraded to its 18-character form (what records store today). */
      upgraded: string;
    }
  | { valid: false; reason: ResidentIdReason; normalized: string };

/** ISO 7064 MOD 11-2 weights: 2^(17-i) mod 11 for positions 1-17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for each value of the weighted sum mod 11. */
const CHECK_CHARS = '10X98765432';

/** Province-level codes of GB/T 2260 (71 is Taiwan, reserved). */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71]);

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('residentIdCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Validates a resident ID number. Spaces (callers read numbers out in groups) are ignored and
 * a lower-case `x` is accepted. `today` bounds the birth date (no one is born in the future).
 */
export function validateResidentId(input: string, today: Date = new Date()): ResidentIdResult {
  const normalized = input.replace(/\s+/g, '').toUpperCase();
  const fail = (reason: ResidentIdReason): ResidentIdResult => ({ valid: false, reason, normalized });
  if (normalized.length !== 18 && normalized.length !== 15) return fail('length');
  const is18 = normalized.length === 18;
  if (is18 ? !/^\d{17}[\dX]$/.test(normalized) : !/^\d{15}$/.test(normalized)) return fail('characters');

  const kind = kindOf(normalized, is18);
  if (!kind) return fail('region');

  const birthDate = is18
    ? { year: Number(normalized.slice(6, 10)), month: Number(normalized.slice(10, 12)), day: Number(normalized.slice(12, 14)) }
    : { year: 1900 + Number(normalized.slice(6, 8)), month: Number(normalized.slice(8, 10)), day: Number(normalized.slice(10, 12)) };
  if (!isRealBirthDate(birthDate, today)) return fail('birth-date');

  if (is18 && residentIdCheckChar(normalized.slice(0, 17)) !== normalized[17]) return fail('check-digit');

  // The sequence code's last digit: odd for men, even for women.
  const sexDigit = Number(normalized[is18 ? 16 : 14]);
  const upgraded = is18 ? normalized : upgradeLegacy(normalized);
  return { valid: true, normalized, format: is18 ? 18 : 15, kind, birthDate, sex: sexDigit % 2 === 1 ? 'male' : 'female', upgraded };
}

function kindOf(id: string, is18: boolean): ResidentIdKind | null {
  const prefix = Number(id.slice(0, 2));
  if (PROVINCES.has(prefix)) return 'resident';
  // Permits and foreign permanent resident cards only exist in the 18-character form.
  if (!is18) return null;
  if (prefix === 81 || prefix === 82) return 'hk-macao-resident-permit';
  if (prefix === 83) return 'taiwan-resident-permit';
  if (id[0] === '9') return 'foreign-permanent-resident';
  return null;
}

function isRealBirthDate({ year, month, day }: ResidentIdBirthDate, today: Date): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > days) return false;
  const todayKey = today.getFullYear() * 10_000 + (today.getMonth() + 1) * 100 + today.getDate();
  return year * 10_000 + month * 100 + day <= todayKey;
}

/** 15 digits → 18: the year gets its century ("19") and the number its check character. */
function upgradeLegacy(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + residentIdCheckChar(first17);
}
