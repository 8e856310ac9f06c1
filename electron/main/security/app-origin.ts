import { app } from 'electron';

/**
 * Which origins main trusts: the app's own `app://hotline-desk`, plus the electron-vite dev
 * server while developing. Every security check (IPC senders, permissions, navigation)
 * asks this one module, so "trusted" means the same thing everywhere.
 */

/** The privileged scheme the built renderer is served from. */
export const APP_SCHEME = 'app';
/** The one host under `app://`. */
export const APP_HOST = 'hotline-desk';
/** The app's origin as Chromium reports it for a standard scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page main loads in production. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null when it has none or carries credentials.
 * Node's `URL#origin` is "null" for non-special schemes such as `app:`, so it is built here.
 */
export function originOf(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.host === '' || url.username !== '' || url.password !== '') return null;
  return `${url.protocol}//${url.host}`;
}

/**
 * The dev server's origin from `ELECTRON_RENDERER_URL`, only when running unpackaged: a
 * packaged build must never trust a URL that an environment variable can point anywhere.
 */
export function devServerOrigin(env: NodeJS.ProcessEnv = process.env): string | null {
  if (app.isPackaged) return null;
  const origin = originOf(env.ELECTRON_RENDERER_URL);
  // Only plain http(s) dev servers; anything else in the variable is ignored.
  return origin && /^https?:\/\//.test(origin) ? origin : null;
}

/** True when `url` belongs to the app origin (or the dev server in development). */
export function isTrustedUrl(url: string | undefined | null, env: NodeJS.ProcessEnv = process.env): boolean {
  const origin = originOf(url);
  if (origin === null) return false;
  return origin === APP_ORIGIN || origin === devServerOrigin(env);
}

/**
 * True for an origin string (as Chromium passes to permission checks) that is trusted.
 * Chromium may serialise it with one trailing slash; anything beyond a bare origin is refused.
 */
export function isTrustedOrigin(origin: string | undefined | null, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!origin) return false;
  const bare = origin.endsWith('/') ? origin.slice(0, -1) : origin;
  if (originOf(`${bare}/`) !== bare) return false;
  return bare === APP_ORIGIN || bare === devServerOrigin(env);
}
