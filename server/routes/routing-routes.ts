import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { CallbackAttemptSchema, OpenCallbacksSchema } from '../../shared/schemas/callback';
import { recordAudit } from '../audit/audit-log';
import { sessionOf } from '../auth/authenticate';
import { CALL_ROLES } from '../auth/roles';
import { openCallbacks, recordCallbackAttempt } from '../routing/callbacks';
import { queueFigures } from '../routing/queue-figures';
import { PBX_SECRET_HEADER, QueueFiguresSchema, RoutingDecisionSchema, RoutingNextRequestSchema, RoutingReportSchema, type RoutingDecision } from '../../shared/schemas/routing';
import { forbidden } from '../http/api-error';
import { nextAgent } from '../routing/next-agent';
import { reportOutcome } from '../routing/report-outcome';
import { routingConfigOf } from '../routing/routing-config';
import type { RouteDeps } from './route-deps';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** One line a PBX script can split on spaces: `offer <ext> <ringMs> <agentId>`, `wait <retryMs> <position>`, `overflow <target>`, `gone`. */
export function decisionLine(d: RoutingDecision): string {
  switch (d.decision) {
    case 'offer':
      return `offer ${d.extension} ${d.ringMs} ${d.agentId}`;
    case 'wait':
      return `wait ${d.retryMs} ${d.position}`;
    case 'overflow':
      return `overflow ${d.target}`;
    case 'gone':
      return 'gone';
  }
}

/**
 * The PBX's routing interface (issue 16): no user session; the PBX proves itself with the
 * shared `x-pbx-secret` when one is configured, otherwise only loopback callers are served
 * (the dev PBX runs on the same machine).
 */
export const routingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  const routing = routingConfigOf(config.routing);
  const secret = routing.pbxSecret ? Buffer.from(routing.pbxSecret) : null;
  const checkPbx = async (request: FastifyRequest): Promise<void> => {
    if (secret) {
      const given = Buffer.from(String(request.headers[PBX_SECRET_HEADER] ?? ''));
      if (given.length !== secret.length || !timingSafeEqual(given, secret)) throw forbidden('Not the PBX.');
    } else if (!LOOPBACK.has(request.ip)) {
      throw forbidden('Routing answers the PBX on loopback only unless a PBX secret is set.');
    }
  };
  const common = { config: { public: true }, onRequest: checkPbx } as const;

  app.post(
    '/routing/next',
    {
      ...common,
      schema: {
        tags: ['routing'],
        summary: 'The PBX asks which agent takes a 96110 call: offer (ring this extension), wait (hold, ask again) or overflow',
        body: RoutingNextRequestSchema,
        response: { 200: RoutingDecisionSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => nextAgent(db.orm, routing, request.body),
  );

  app.post(
    '/routing/next/text',
    {
      ...common,
      schema: {
        tags: ['routing'],
        summary: 'The same decision as one text line, for PBX scripts without a JSON parser',
        body: RoutingNextRequestSchema,
        response: { 200: z.string(), '4xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      void reply.type('text/plain; charset=utf-8');
      return decisionLine(await nextAgent(db.orm, routing, request.body));
    },
  );

  app.post(
    '/routing/report',
    {
      ...common,
      schema: {
        tags: ['routing'],
        summary: 'The PBX reports an offer answered or not answered, or the caller abandoned',
        body: RoutingReportSchema,
        response: { 200: z.object({ applied: z.boolean() }), '4xx': ApiErrorSchema },
      },
    },
    async (request) => ({ applied: await reportOutcome(db.orm, routing, request.body) }),
  );

  app.get(
    '/routing/queue',
    {
      config: { roles: ['supervisor'] },
      schema: { tags: ['routing'], summary: 'Live queue: callers waiting now, longest wait, answered and abandoned today, service level (20 s), open call-backs, calls per hour today', response: { 200: QueueFiguresSchema, '4xx': ApiErrorSchema } },
    },
    async () => queueFigures(db.orm, routing),
  );

  // The 未接来电回拨 list: call-takers work it, the supervisor watches it (signed-in users).
  app.get(
    '/routing/callbacks',
    {
      config: { roles: CALL_ROLES },
      schema: { tags: ['routing'], summary: 'Open call-backs: missed 96110 callers grouped by number, newest first', response: { 200: OpenCallbacksSchema, '4xx': ApiErrorSchema } },
    },
    async (request) => {
      const callbacks = await openCallbacks(db.orm);
      // Callers' phone numbers: a read of personal data is on the trail (a count, no numbers).
      // The 96110 queue belongs to the whole centre behind one PBX, so the list is not unit-scoped.
      await recordAudit(db.orm, { action: 'callbacks.list', actorId: sessionOf(request).user.id, detail: { returned: callbacks.length }, ip: request.ip });
      return { callbacks };
    },
  );

  app.post(
    '/routing/callbacks/attempts',
    {
      config: { roles: CALL_ROLES },
      schema: {
        tags: ['routing'],
        summary: 'Records a call-back attempt and its result (reached closes the entry)',
        body: CallbackAttemptSchema,
        response: { 200: z.object({ recorded: z.literal(true) }), '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      await recordCallbackAttempt(db.orm, sessionOf(request).user.id, request.body, routing.now());
      return { recorded: true as const };
    },
  );
};
