import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { INSTALLATION_SECRET_HEADER } from '../../shared/ipc/record-store';
import { unauthorized } from '../http/api-error';

/** Paths a probe may call without the secret (they reveal no data). */
const OPEN_PATHS = new Set(['/healthz', '/readyz', '/api/v1/health']);

/** Constant-time equality; both sides are hashed first so their lengths never leak. */
export function secretMatches(expected: string, given: string | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * The embedded store listens on loopback, where any local process could reach it; the
 * per-installation secret (known to Electron main and handed only to its own page) keeps
 * them out. Runs at onRequest after CORS (so a refusal still carries CORS headers and the
 * page sees a 401, not a network error) and before sessions, body parsing and validation.
 */
export function installationSecretPlugin(secret: string): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      // CORS preflights cannot carry custom headers; @fastify/cors answers them.
      if (request.method === 'OPTIONS') return;
      const path = request.url.split('?', 1)[0] ?? '';
      if (OPEN_PATHS.has(path)) return;
      const given = request.headers[INSTALLATION_SECRET_HEADER];
      if (!secretMatches(secret, Array.isArray(given) ? given[0] : given)) {
        throw unauthorized(`This record store belongs to one workstation installation: the ${INSTALLATION_SECRET_HEADER} header is missing or wrong.`);
      }
    });
  };
  // Not encapsulated (what fastify-plugin does): the hook must cover every route of the app.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}
