/**
 * Bank card numbers as a caller reads them out. Length and characters are hard rules; the
 * Luhn check is only a warning, because some real UnionPay debit cards fail it and a
 * call-taker must still be able to look them up.
 */

export type BankCardReason = 'empty' | 'characters' | 'length';
export type BankCardWarning = 'luhn';

export type BankCardResult =
  | {
      valid: true;
      /** Digits only. */
      normalized: string;
      /** Non-blocking doubts to show beside the field. */
      warnings: BankCardWarning[];
      /** The issuing bank guessed from the first digits; a hint, never a fact. */
      bankHint: string | null;
      unionPay: boolean;
    }
  | { valid: false; reason: BankCardReason; normalized: string };

/**
 * A few well-known debit BINs of the big banks (bank names are proper nouns, shown as-is).
 * Deliberately short: a wrong hint is worse than none.
 */
const BIN_HINTS: ReadonlyArray<readonly [string, string]> = [
  ['622202', '中国工商银行'],
  ['622208', '中国工商银行'],
  ['621226', '中国工商银行'],
  ['622848', '中国农业银行'],
  ['622845', '中国农业银行'],
  ['621700', '中国建设银行'],
  ['436742', '中国建设银行'],
  ['622700', '中国建设银行'],
  ['621661', '中国银行'],
  ['621785', '中国银行'],
  ['456351', '中国银行'],
  ['622262', '交通银行'],
  ['622588', '招商银行'],
  ['621483', '招商银行'],
  ['622150', '中国邮政储蓄银行'],
  ['621799', '中国邮政储蓄银行'],
];

/** The Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Validates a bank card number: 12-19 digits, spaces and hyphens ignored. */
export function validateBankCard(input: string): BankCardResult {
  const normalized = input.replace(/[\s-]+/g, '');
  if (normalized === '') return { valid: false, reason: 'empty', normalized };
  if (!/^\d+$/.test(normalized)) return { valid: false, reason: 'characters', normalized };
  if (normalized.length < 12 || normalized.length > 19) return { valid: false, reason: 'length', normalized };
  const warnings: BankCardWarning[] = luhnValid(normalized) ? [] : ['luhn'];
  const bankHint = BIN_HINTS.find(([bin]) => normalized.startsWith(bin))?.[1] ?? null;
  return { valid: true, normalized, warnings, bankHint, unionPay: normalized.startsWith('62') };
}
