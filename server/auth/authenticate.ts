import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Orm } from '../db/database';
import { unauthorized } from '../http/api-error';
import { findSession, type AuthSession } from './sessions';
import { hashToken } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route (not on `sessionInStatement` routes). */
    session: AuthSession | null;
    /** On a `sessionInStatement` route: the hash of the well-formed bearer token, checked by the handler's statement. */
    bearerTokenHash: string | null;
  }
  interface FastifyContextConfig {
    /** Marks a route that needs no bearer token (login, health, OpenAPI). */
    public?: boolean;
    /**
     * The handler checks the session (and the role) inside its own statement, saving a round
     * trip on a hot read (freeze look-up). The hook still refuses a missing or malformed
     * token before the body is read; the handler MUST refuse an unknown session (401) and a
     * role outside `roles` (403), also when the body is invalid (`attachValidation`), so an
     * anonymous caller still learns nothing about the payload schema.
     */
    sessionInStatement?: boolean;
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
  app.decorateRequest('bearerTokenHash', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config.public) return;
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw unauthorized();
    if (request.routeOptions.config.sessionInStatement) {
      request.bearerTokenHash = hashToken(match[1]);
      return;
    }
    const session = await findSession(orm, match[1]);
    if (!session) throw unauthorized();
    request.session = session;
  });
}

/** The token hash of a `sessionInStatement` route (the hook guarantees a well-formed token). */
export function bearerTokenHashOf(request: FastifyRequest): string {
  if (!request.bearerTokenHash) throw unauthorized();
  return request.bearerTokenHash;
}

/** The session of an authenticated route (the hook guarantees it). */
export function sessionOf(request: FastifyRequest): AuthSession {
  if (!request.session) throw unauthorized();
  return request.session;
}
