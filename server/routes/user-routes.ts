import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { UuidSchema } from '../../shared/schemas/ids';
import { PasswordResetRequestSchema, UserDisableRequestSchema, UserListResponseSchema } from '../../shared/schemas/users';
import { recordAudit } from '../audit/audit-log';
import { sessionOf } from '../auth/authenticate';
import { ADMIN_ROLES } from '../auth/roles';
import { orgScopeOf } from '../auth/scopes';
import { disableUser, enableUser, listUsers, resetPassword } from '../auth/user-admin';
import { setUserSipPassword } from '../auth/sip-accounts';
import { SipPasswordRequestSchema } from '../../shared/schemas/sip-accounts';
import type { RouteDeps } from './route-deps';

const IdParams = z.object({ id: UuidSchema });
const Done = { 204: z.null(), '4xx': ApiErrorSchema };

/**
 * User administration (issue 15), admins only and within their org subtree: list accounts,
 * disable one (its sessions end at once), enable it again, reset its password. Every call is
 * audited; none touches case data.
 */
export const userRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  const actorOf = (request: { ip: string }, id: string) => ({ id, ip: request.ip });

  app.get(
    '/users',
    { config: { roles: ADMIN_ROLES }, schema: { tags: ['users'], summary: 'Accounts of the admin’s org units, with lock, disable and session state', response: { 200: UserListResponseSchema, '4xx': ApiErrorSchema } } },
    async (request) => {
      const { user } = sessionOf(request);
      const list = await listUsers(db.orm, (await orgScopeOf(db.orm, request)).unitIds);
      await recordAudit(db.orm, { action: 'user.list', actorId: user.id, target: null, detail: { returned: list.length }, ip: request.ip });
      return { users: list };
    },
  );

  app.post(
    '/users/:id/disable',
    { config: { roles: ADMIN_ROLES }, schema: { tags: ['users'], summary: 'Disable an account and end its sessions at once (audited with the reason)', params: IdParams, body: UserDisableRequestSchema, response: Done } },
    async (request, reply) => {
      const { user } = sessionOf(request);
      await disableUser(db.orm, request.params.id, request.body.reason, (await orgScopeOf(db.orm, request)).unitIds, actorOf(request, user.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:id/enable',
    { config: { roles: ADMIN_ROLES }, schema: { tags: ['users'], summary: 'Enable an account again and clear its lockout (audited)', params: IdParams, response: Done } },
    async (request, reply) => {
      const { user } = sessionOf(request);
      await enableUser(db.orm, request.params.id, (await orgScopeOf(db.orm, request)).unitIds, actorOf(request, user.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:id/password',
    { config: { roles: ADMIN_ROLES }, schema: { tags: ['users'], summary: 'Set a new password; the user’s sessions end (audited, never the password)', params: IdParams, body: PasswordResetRequestSchema, response: Done } },
    async (request, reply) => {
      const { user } = sessionOf(request);
      await resetPassword(db.orm, request.params.id, request.body.newPassword, config.argon2, (await orgScopeOf(db.orm, request)).unitIds, actorOf(request, user.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:id/sip-password',
    {
      config: { roles: ADMIN_ROLES },
      schema: { tags: ['users'], summary: 'Set (or clear with null) the user’s SIP password for their extension; only its HA1 is stored, never returned (audited)', params: IdParams, body: SipPasswordRequestSchema, response: Done },
    },
    async (request, reply) => {
      const { user } = sessionOf(request);
      await setUserSipPassword(db.orm, request.params.id, request.body.sipPassword, config.sip.realm, (await orgScopeOf(db.orm, request)).unitIds, actorOf(request, user.id));
      return reply.code(204).send(null);
    },
  );
};
