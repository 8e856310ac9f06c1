/** Digits in a run at least this long are masked in free text (phone numbers, with a country code, stay readable). */
export const FREE_TEXT_MIN_DIGITS = 15;
/** In a box that holds an account or card number, any run this long is masked. */
export const ACCOUNT_MIN_DIGITS = 8;

/**
 * Masks card/account numbers and resident ID numbers for the screen (someone may be looking
 * over the shoulder): first 4 and last 4 kept, `4401**********123X`. A run counts from
 * `minDigits` digits, maybe grouped by spaces or hyphens, maybe ending in the ID check
 * character X; other text is left alone. Display only: what is stored is untouched.
 */
export function maskOnScreen(text: string, minDigits = FREE_TEXT_MIN_DIGITS): string {
  const run = new RegExp(`\\d(?:[ -]?\\d){${minDigits - 2},}(?:[ -]?[\\dXx])`, 'g');
  return text.replace(run, (found) => {
    const chars = found.replace(/[ -]/g, '');
    return `${chars.slice(0, 4)}${'*'.repeat(chars.length - 8)}${chars.slice(-4)}`;
  });
}
