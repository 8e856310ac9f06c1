import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Orm } from '../db/database';
import { unauthorized } from '../http/api-error';
import { findSession, type AuthSession } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    session: AuthSession | null;
  }
  interface FastifyContextConfig {
    /** Marks a route that needs no bearer token (login, health, OpenAPI). */
    public?: boolean;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/**
 * Default-deny: every route in this scope requires a live session unless its config says
 * `public: true`. Runs at onRequest, before the body is read or validated, so an
 * anonymous caller learns nothing about payload schemas and cannot make us parse 2 MB.
 */
export function requireSessions(app: FastifyInstance, orm: Orm): void {
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config.public) return;
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw unauthorized();
    const session = await findSession(orm, match[1]);
    if (!session) throw unauthorized();
    request.session = session;
  });
}

/** The session of an authenticated route (the hook guarantees it). */
export function sessionOf(request: FastifyRequest): AuthSession {
  if (!request.session) throw unauthorized();
  return request.session;
}
