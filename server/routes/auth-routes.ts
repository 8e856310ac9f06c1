import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema, LoginRequestSchema, LoginResponseSchema, SessionUserSchema } from '../../shared/schemas/auth';
import { recordAudit } from '../audit/audit-log';
import { sessionOf } from '../auth/authenticate';
import { ALL_ROLES } from '../auth/roles';
import { login } from '../auth/login';
import { deleteSession } from '../auth/sessions';
import { changeOwnPassword } from '../auth/user-admin';
import { PasswordChangeRequestSchema } from '../../shared/schemas/users';
import { ApiHttpError } from '../http/api-error';
import { routingConfigOf } from '../routing/routing-config';
import type { RouteDeps } from './route-deps';

/** POST auth/login (public), POST auth/logout, POST auth/password, GET auth/me. */
export const authRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: config.loginRateLimit.max, timeWindow: config.loginRateLimit.windowMs } },
      schema: { tags: ['auth'], summary: 'Sign in; returns a bearer token', body: LoginRequestSchema, response: { 200: LoginResponseSchema, '4xx': ApiErrorSchema } },
    },
    async (request) => {
      const outcome = await login(db.orm, config, request.body, request.ip);
      if (outcome.kind === 'invalid') throw new ApiHttpError(401, 'invalid-credentials', 'Wrong username or password.');
      if (outcome.kind === 'disabled') throw new ApiHttpError(403, 'forbidden', 'This account is disabled; ask an administrator.');
      if (outcome.kind === 'locked') {
        throw new ApiHttpError(423, 'locked', `Too many failed sign-ins; try again after ${new Date(outcome.until).toISOString()}.`);
      }
      // The centre's desk settings travel with the session, so every workstation wraps up alike.
      return { ...outcome.response, desk: { wrapUpMs: routingConfigOf(config.routing).wrapUpMs } };
    },
  );

  app.post(
    '/auth/logout',
    { config: { roles: ALL_ROLES }, schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null(), '4xx': ApiErrorSchema } } },
    async (request, reply) => {
      const { user, tokenHash } = sessionOf(request);
      await deleteSession(db.orm, tokenHash);
      await recordAudit(db.orm, { action: 'logout', actorId: user.id, target: `user:${user.id}`, ip: request.ip });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { roles: ALL_ROLES },
      schema: { tags: ['auth'], summary: 'Change one’s own password (the other sessions end; audited)', body: PasswordChangeRequestSchema, response: { 204: z.null(), '4xx': ApiErrorSchema } },
    },
    async (request, reply) => {
      const { user, tokenHash } = sessionOf(request);
      await changeOwnPassword(db.orm, { id: user.id, ip: request.ip }, tokenHash, request.body.currentPassword, request.body.newPassword, config.argon2);
      return reply.code(204).send(null);
    },
  );

  app.get('/auth/me', { config: { roles: ALL_ROLES }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: SessionUserSchema, '4xx': ApiErrorSchema } } }, async (request) => sessionOf(request).user);
};
