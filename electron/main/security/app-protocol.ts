import { realpath, readFile } from 'node:fs/promises';
import { extname, isAbsolute, resolve, sep, win32 } from 'node:path';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';

export { APP_ORIGIN, APP_SCHEME, APP_HOST, APP_ENTRY_URL } from './app-origin';

/**
 * The `app://hotline-desk` protocol that serves the built renderer. A privileged standard
 * scheme gives the page a real origin (so storage, `fetch` and CSP behave as on the web)
 * without `file://`'s access to the whole disk.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wasm': 'application/wasm',
});

/** The MIME type served for a file name; unknown extensions are opaque bytes. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Registers `app` as privileged. Electron only accepts this before the app is ready, so
 * main calls it at import time.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** The part of a protocol request the handler reads. */
export type AppRequest = Pick<Request, 'url' | 'method'>;

/** Where to serve from and which CSP to attach (read per request: config can change). */
export interface AppProtocolOptions {
  root: string;
  contentSecurityPolicy: () => string;
}

/**
 * Maps a request URL to a file strictly inside `root`, or null. The decoded path is
 * resolved and must stay below the root, so `..`, `%2e%2e%2f`, encoded absolute paths and
 * drive letters all end outside it and are refused.
 */
export function resolveInsideRoot(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded.replace(/^\//, '') || 'index.html';
  if (isAbsolute(relative) || win32.isAbsolute(relative)) return null;
  const rootAbs = resolve(root);
  const candidate = resolve(rootAbs, relative);
  return candidate.startsWith(rootAbs + sep) ? candidate : null;
}

function notFound(csp: string): Response {
  return new Response('Not found', { status: 404, headers: securityHeaders(csp, 'text/plain; charset=utf-8') });
}

function securityHeaders(csp: string, contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

/** Builds the request handler; exported so tests can drive it without Electron. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    const csp = options.contentSecurityPolicy();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: securityHeaders(csp, 'text/plain; charset=utf-8') });
    }
    const candidate = resolveInsideRoot(options.root, request.url);
    if (candidate === null) return notFound(csp);
    try {
      // A symlink inside the build output must not lead outside it either.
      const [realRoot, realFile] = await Promise.all([realpath(resolve(options.root)), realpath(candidate)]);
      if (!realFile.startsWith(realRoot + sep)) return notFound(csp);
      const body = await readFile(realFile);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: securityHeaders(csp, contentTypeFor(realFile)) });
    } catch {
      // Missing files and directories alike: nothing to serve.
      return notFound(csp);
    }
  };
}

/** Serves `app://hotline-desk/...` from `options.root`. Call after the app is ready. */
export function installAppProtocol(options: AppProtocolOptions): void {
  const handler = createAppProtocolHandler(options);
  protocol.handle(APP_SCHEME, (request) => handler(request));
}
