import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { PullQuerySchema, PullResponseSchema, PushEnvelopeSchema, PushResponseSchema } from '../../shared/sync/protocol';
import { sessionOf } from '../auth/authenticate';
import { pullJson } from '../sync/pull';
import { pullScope } from '../sync/pull-scope';
import { push } from '../sync/push';
import { pushEnvelope } from '../sync/push-envelope';
import type { RouteDeps } from './route-deps';

/** POST sync/push and GET sync/pull (design.md §4). */
export const syncRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.post(
    '/sync/push',
    {
      config: { perMutationText: true },
      schema: {
        tags: ['sync'],
        summary: 'Apply a batch of mutations, each exactly once',
        body: PushEnvelopeSchema,
        response: { 200: PushResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    // Each mutation is checked on its own: an invalid one is refused alone, the rest apply.
    async (request) => pushEnvelope(sessionOf(request).user, request.body, (user, valid, clientSeqs) => push(db.orm, user, valid, clientSeqs)),
  );

  app.get(
    '/sync/pull',
    {
      schema: {
        tags: ['sync'],
        summary: "Changes after a cursor in the caller's org unit",
        querystring: PullQuerySchema,
        response: { 200: PullResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const { user } = sessionOf(request);
      // Pages that carry cases are audited (personal data); the wire answer is unchanged.
      // Sent as the JSON bytes pullJson builds (the records' data spliced in as stored): bytes skip
      // the schema serializer, which would parse and re-serialise ~1 MB a page.
      const body = await pullJson(db.orm, await pullScope(db.orm, user), request.query, { actorId: user.id, ip: request.ip });
      // The typed reply expects the object; these bytes are that object, already serialised (pull.test.ts parses it).
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );
};
