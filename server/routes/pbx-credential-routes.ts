import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { PBX_AUTH_SECRET_HEADER, SipUsernameSchema } from '../../shared/schemas/sip-accounts';
import { ha1For } from '../auth/sip-accounts';
import { ApiHttpError, unauthorized } from '../http/api-error';
import type { RouteDeps } from './route-deps';

/**
 * The PBX fetches a digest account's HA1 here (issue 14): no user session, only the PBX's
 * shared secret (`PBX_AUTH_SECRET`, header `x-pbx-secret`). Without a configured secret
 * nothing is ever served. The answer is the bare HA1 as one text line, for PBX scripts.
 */
export const pbxCredentialRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  const secret = config.sip.pbxSecret ? Buffer.from(config.sip.pbxSecret) : null;
  const { demoDevicePassword } = config.sip;

  app.get(
    '/pbx/credentials/:username',
    {
      config: { public: true },
      onRequest: async (request) => {
        const given = Buffer.from(String(request.headers[PBX_AUTH_SECRET_HEADER] ?? ''));
        if (!secret || given.length !== secret.length || !timingSafeEqual(given, secret)) throw unauthorized('Not the PBX: the PBX secret is missing or wrong.');
      },
      schema: {
        tags: ['pbx'],
        summary: 'The PBX fetches the HA1 of a SIP digest account (PBX secret only; never the password)',
        params: z.object({ username: SipUsernameSchema }),
        querystring: z.object({ realm: z.string().regex(/^[0-9A-Za-z.:_-]{1,253}$/).optional() }),
        response: { 200: z.string(), '4xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const realm = request.query.realm ?? config.sip.realm;
      const ha1 = realm === config.sip.realm ? await ha1For(db.orm, request.params.username, { realm, demoDevicePassword }) : null;
      if (!ha1) throw new ApiHttpError(404, 'not-found', 'No SIP account of that name in this realm.');
      void reply.type('text/plain; charset=utf-8').header('cache-control', 'no-store');
      return ha1;
    },
  );
};
