/**
 * Strict parsing of `tel:` and `sip:` links handed over by the OS (command line on Windows
 * and Linux, `open-url` on macOS). Anything another program can put on our command line is
 * hostile until proven otherwise: only the two schemes, only a dialable number after
 * removing visual separators, no parameters, headers, passwords or extra parts, and nothing
 * that could be read as a command-line switch.
 */

/** Schemes we register as the OS handler for. */
export const DIAL_SCHEMES = ['tel', 'sip'] as const;

/** Longest raw link considered at all; real numbers are far shorter. */
export const MAX_LINK_LENGTH = 256;
/** Longest number handed on (matches the `event:dial` contract). */
export const MAX_NUMBER_LENGTH = 32;

// Separators people and web pages put into numbers: spaces (incl. NBSP after NFKC), hyphens,
// dots, parentheses.
const VISUAL_SEPARATORS = /[ .()-]/g;
const NUMBER = /^\+?[0-9*#]+$/;
// RFC 3261 host: a DNS name or IPv4 address, optional port. No IPv6 literal: not needed here.
const SIP_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::[0-9]{1,5})?$/i;
// Control characters, and characters with no business in a dial link.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f\u0080-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff"'`<>\\^{}|[\]=&$!~,]/u;

function normaliseNumber(raw: string): string | null {
  if (raw.startsWith('-') || raw.startsWith('/')) return null;
  const number = raw.replace(VISUAL_SEPARATORS, '');
  if (number.length === 0 || number.length > MAX_NUMBER_LENGTH) return null;
  return NUMBER.test(number) ? number : null;
}

function decodeOnce(text: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return null;
  }
  // Still encoded after one pass: double encoding is an evasion attempt, not a phone number.
  return decoded.includes('%') ? null : decoded;
}

/**
 * The number in a `tel:` or `sip:` link, or null when the link is anything else.
 * `tel:+86 10-1234.5678` → `+861012345678`; `sip:1001@pbx.example` → `1001` (the host is
 * checked for syntax and then ignored: the call always goes through our own PBX).
 */
export function parseDialLink(input: unknown): string | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_LINK_LENGTH) return null;
  // Full-width digits and punctuation (common when numbers are copied from Chinese documents).
  const text = input.normalize('NFKC').trim();
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const scheme = text.slice(0, colon).toLowerCase();
  if (!(DIAL_SCHEMES as readonly string[]).includes(scheme)) return null;
  let body = text.slice(colon + 1);
  if (scheme === 'tel' && body.startsWith('//')) body = body.slice(2);
  const decoded = decodeOnce(body);
  if (decoded === null || FORBIDDEN.test(decoded)) return null;
  // Parameters (`;phone-context=`, `;transport=`), headers (`?subject=`), fragments: extra parts.
  if (/[;?]/.test(decoded)) return null;
  if (scheme === 'tel') return decoded.includes('@') || decoded.includes(':') ? null : normaliseNumber(decoded);
  const at = decoded.indexOf('@');
  const user = at < 0 ? decoded : decoded.slice(0, at);
  if (at >= 0) {
    const host = decoded.slice(at + 1);
    if (!SIP_HOST.test(host)) return null;
  }
  // A password (`user:secret@host`) or a second @ is not a dial target.
  if (user.includes(':') || user.includes('@')) return null;
  return normaliseNumber(user);
}

/** True when a command-line argument is a candidate link (and not a switch). */
function looksLikeDialLink(arg: string): boolean {
  if (arg.startsWith('-')) return false;
  const lower = arg.slice(0, 4).toLowerCase();
  return lower === 'tel:' || lower === 'sip:';
}

/**
 * The number of the one dial link on a command line, or null. Switches are never links;
 * two links on one command line are ambiguous and both refused.
 */
export function dialLinkFromArgv(argv: readonly unknown[]): string | null {
  const candidates = argv.filter((a): a is string => typeof a === 'string' && looksLikeDialLink(a));
  if (candidates.length !== 1) return null;
  return parseDialLink(candidates[0]);
}
