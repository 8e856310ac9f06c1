/** The packaged Electron app's own origin (its `app://` protocol). */
export const APP_ORIGIN = 'app://hotline-desk';

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/;

/**
 * Which browser origins may call the API: the desktop app, any loopback page (dev server,
 * browser-mode tests) and the operator's explicit list. Everything else gets no CORS
 * headers, so a random web page cannot use a workstation's session.
 */
export function corsOriginAllowed(extra: readonly string[]): (origin: string | undefined) => boolean {
  const listed = new Set(extra);
  return (origin) => origin !== undefined && (origin === APP_ORIGIN || LOOPBACK_ORIGIN.test(origin) || listed.has(origin));
}
