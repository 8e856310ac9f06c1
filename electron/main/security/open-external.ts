import { shell } from 'electron';
import { EXTERNAL_LINK_HOSTS, isAllowedExternalUrl } from '@shared/security/external-links';

/**
 * The only way main hands a URL to the OS. `shell.openExternal` with an attacker-chosen
 * URL can run programs (`file:`, `smb:`, custom handlers), so only https links to a small
 * list of official anti-fraud sites pass; the list is shared with the web host.
 */

/** Hosts links may open; re-exported so main-side code and tests name one list. */
export const EXTERNAL_URL_ALLOWLIST: readonly string[] = EXTERNAL_LINK_HOSTS;

const MAX_URL_LENGTH = 2048;

/**
 * True when `raw` may be opened. Beyond the shared check, the raw text must be plain
 * printable ASCII: the URL parser silently drops tabs and newlines and turns `\` into `/`,
 * and non-ASCII hosts are lookalike (IDN) bait, so such input is refused before parsing.
 * The host must also appear literally at the start.
 */
export function isOpenableExternalUrl(raw: unknown): raw is string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return false;
  if (!/^[\x21-\x7e]+$/.test(raw) || raw.includes('\\')) return false;
  if (!isAllowedExternalUrl(raw)) return false;
  // The host must be spelled out literally (no `https:host`, no percent-encoded letters):
  // what the user saw is what the parser understood.
  const origin = new URL(raw).origin;
  const lower = raw.toLowerCase();
  return lower === origin || lower.startsWith(`${origin}/`) || lower.startsWith(`${origin}?`) || lower.startsWith(`${origin}#`);
}

/**
 * Opens `raw` in the default browser if it is allowlisted; returns whether it did. The
 * parser's normalised form is what reaches the OS, never the caller's string.
 */
export async function openExternalSafely(raw: unknown): Promise<boolean> {
  if (!isOpenableExternalUrl(raw)) return false;
  await shell.openExternal(new URL(raw).href, { activate: true });
  return true;
}
