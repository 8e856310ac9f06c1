import { z } from 'zod';

/**
 * The one text rule of the whole product (design.md §5): text that enters, on either side,
 * holds no NUL and no lone UTF-16 surrogate. Such text is **refused** with a field-named
 * code, never silently changed: PostgreSQL cannot store either (NUL in `text`, `\u0000`
 * and unpaired `\uD800`-`\uDFFF` escapes in `jsonb`), and stripping would alter words an
 * agent typed without telling them.
 */
export type UnsafeTextCode = 'text-nul' | 'text-lone-surrogate';

/** Message code when a text field holds NUL. */
export const TEXT_NUL = 'text-nul' satisfies UnsafeTextCode;
/** Message code when a text field holds an unpaired UTF-16 surrogate. */
export const TEXT_LONE_SURROGATE = 'text-lone-surrogate' satisfies UnsafeTextCode;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * No lone surrogate in `text`. The engine's own `isWellFormed` (ES2024: Node 20, Chromium 111)
 * where there is one: the regular expression was about a third of checking a pulled page's
 * notes; it stays for an engine without it.
 */
const wellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

/** Why `text` breaks the rule, or null when it is fine. */
export function unsafeTextCode(text: string): UnsafeTextCode | null {
  if (text.includes('\u0000')) return TEXT_NUL;
  if (!wellFormed(text)) return TEXT_LONE_SURROGATE;
  return null;
}

/** A field path and its code, as the record store's `fields` map reports them. */
export interface UnsafeTextFinding {
  /** Dotted path from the checked value's root (`mutations.0.args.text`), `(root)` for the value itself. */
  path: string;
  code: UnsafeTextCode;
}

/**
 * The first string (value or object key) anywhere inside `value` that breaks the rule.
 * Depth-bounded so a hostile deeply nested body costs nothing (the schemas refuse the
 * nesting itself).
 */
export function findUnsafeText(value: unknown, path: string[] = [], depth = 0): UnsafeTextFinding | null {
  const at = (p: string[]) => p.join('.') || '(root)';
  if (typeof value === 'string') {
    const code = unsafeTextCode(value);
    return code ? { path: at(path), code } : null;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const keyCode = unsafeTextCode(key);
    if (keyCode) return { path: at([...path, [...key].map((c) => (unsafeTextCode(c) ? '?' : c)).join('')]), code: keyCode };
    const found = findUnsafeText(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * `z.string()` under the text rule: use it for every string that comes from a person or
 * another system. Chains like `z.string()` (`safeText().min(1).max(200)`), so a schema
 * changes only its constructor.
 */
export function safeText(): z.ZodString {
  return z.string().check((ctx) => {
    const code = unsafeTextCode(ctx.value);
    if (code) ctx.issues.push({ code: 'custom', message: code, input: ctx.value, continue: true });
  });
}
