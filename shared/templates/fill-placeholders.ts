import { PLACEHOLDER_PATTERN } from '../schemas/template';

/** One piece of a filled body: plain text, or a placeholder with where its text came from. */
export type FilledPart = { kind: 'text'; text: string } | { kind: 'placeholder'; name: string; text: string; source: 'context' | 'fallback' | 'missing' };

export interface FilledTemplate {
  /** The body with every placeholder replaced (context value, else fallback, else `【name】`). */
  text: string;
  parts: FilledPart[];
  /** Placeholders with neither a value nor a fallback: the call-taker must say them in their own words. */
  missing: string[];
}

/**
 * Fills `{{name}}` / `{{name|fallback}}` placeholders from a context of known values. Empty
 * or whitespace-only values count as unknown, so a fallback is read instead of a blank.
 */
export function fillPlaceholders(body: string, context: Readonly<Record<string, string | null | undefined>>): FilledTemplate {
  const parts: FilledPart[] = [];
  const missing: string[] = [];
  let last = 0;
  for (const match of body.matchAll(new RegExp(PLACEHOLDER_PATTERN.source, 'g'))) {
    const [whole, name = '', fallback] = match;
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: body.slice(last, start) });
    const value = context[name]?.trim();
    if (value) parts.push({ kind: 'placeholder', name, text: value, source: 'context' });
    else if (fallback !== undefined && fallback.trim() !== '') parts.push({ kind: 'placeholder', name, text: fallback.trim(), source: 'fallback' });
    else {
      if (!missing.includes(name)) missing.push(name);
      parts.push({ kind: 'placeholder', name, text: `【${name}】`, source: 'missing' });
    }
    last = start + whole.length;
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) });
  return { text: parts.map((p) => p.text).join(''), parts, missing };
}
