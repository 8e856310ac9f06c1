/**
 * One spelling per number, used both when freeze records are stored and when they are
 * looked up, so a look-up is an exact index match whatever the caller typed.
 */

/** Account and card numbers: spaces, dashes and dots removed (`6222 0210-0111` → `622202100111`). */
export function normaliseAccount(value: string): string {
  return value.replace(/[\s\-.]/g, '').toUpperCase();
}

/** Resident ID numbers: separators removed, the check character `x` upper-cased. */
export function normaliseIdNumber(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/** Phone numbers: separators and brackets removed; the mainland country code dropped from mobiles. */
export function normalisePhone(value: string): string {
  const compact = value.replace(/[\s\-()]/g, '');
  const mobile = /^(?:\+86|0086|86)(1\d{10})$/.exec(compact);
  return mobile?.[1] ?? compact;
}

/** Holder names: surrounding and inner blanks removed (`张 三` → `张三`), the only variation in the batches. */
export function normaliseName(value: string): string {
  return value.replace(/\s+/g, '');
}
