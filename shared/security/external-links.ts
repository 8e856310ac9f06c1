/**
 * Hosts a call-taker may be sent to from the app (official anti-fraud information). Every
 * other URL is refused by both hosts: the workstation must never become a way to open
 * arbitrary links handed over by a caller or a record.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = Object.freeze(['www.mps.gov.cn', 'www.12377.cn', 'www.cac.gov.cn']);

/** True for `https://<allowlisted host>/...` without credentials or a custom port. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && EXTERNAL_LINK_HOSTS.includes(url.hostname);
}
