import type { WorkstationConfig } from '@shared/config';

/**
 * The Content-Security-Policy sent with every `app://` response. The page may only talk to
 * itself, the configured record store and the configured SIP WebSocket: a script injected
 * through a case note or a caller-supplied string can neither load code nor exfiltrate data.
 */

/** The servers the page may connect to, taken from the workstation config. */
export type CspConnectTargets = Pick<WorkstationConfig, 'recordStoreUrl' | 'sipWsUrl'>;

// A host is letters, digits, dots and hyphens, or a bracketed IPv6 literal. WHATWG URL
// parsing lets through characters such as `*`, `;`, `,` and `'` in hostnames, each of which
// would widen or break the policy, so the origin is checked again before it is spliced in.
const SAFE_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/i;

/**
 * The origin of `raw` as a CSP source expression when its scheme is one of `schemes`,
 * else null (an unusable URL is left out: the policy fails closed, never open).
 */
export function cspOrigin(raw: string, schemes: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const scheme = url.protocol.slice(0, -1);
  if (!schemes.includes(scheme)) return null;
  if (url.username !== '' || url.password !== '' || !SAFE_HOST.test(url.hostname)) return null;
  return `${scheme}://${url.host}`;
}

/** Builds the policy header value for the given config. */
export function buildContentSecurityPolicy(targets: CspConnectTargets): string {
  const connect = new Set(["'self'"]);
  const recordStore = cspOrigin(targets.recordStoreUrl, ['http', 'https']);
  const sip = cspOrigin(targets.sipWsUrl, ['ws', 'wss']);
  if (recordStore) connect.add(recordStore);
  if (sip) connect.add(sip);

  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    // Mantine injects style attributes and <style> tags at runtime.
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    // Ringtones from the app bundle, remote call audio as a MediaStream.
    ['media-src', "'self'", 'blob:', 'mediastream:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', ...connect],
    ['worker-src', "'self'", 'blob:'],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
