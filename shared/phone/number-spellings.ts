import { normalizeNumber } from './normalize';

/**
 * Every spelling under which one phone number may be stored: cases keep the caller's E.164
 * (or the number as received), freeze records the national form (`13800138000`,
 * `02161234567`), warning instructions whatever the city platform sent, and a look-up cache
 * whatever was typed. Matching any of them keeps each look-up an exact (indexable) match
 * instead of a pattern scan.
 */
export function numberSpellings(raw: string): string[] {
  const compact = raw.replace(/[\s\-()]/g, '');
  const spellings = new Set<string>([compact]);
  const n = normalizeNumber(compact);
  if (n.e164) {
    const digits = n.e164.slice(1);
    spellings.add(n.e164).add(digits).add(`00${digits}`);
    if (n.e164.startsWith('+86')) {
      const national = n.e164.slice(3);
      spellings.add(national);
      // Mainland landlines are written with their trunk 0 (021…); mobiles without.
      if (!national.startsWith('1')) spellings.add(`0${national}`);
    }
  }
  return [...spellings].filter((s) => s !== '');
}

/** A number given in full (a valid number), as opposed to a tail of digits to match the end of numbers. */
export function isFullNumber(raw: string): boolean {
  return normalizeNumber(raw.replace(/[\s\-()]/g, '')).e164 !== null;
}
