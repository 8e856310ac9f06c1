import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditPageSchema, AuditQuerySchema } from '../../shared/schemas/audit';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { recordAudit } from '../audit/audit-log';
import { queryAudit } from '../audit/audit-query';
import { sessionOf } from '../auth/authenticate';
import { orgScopeOf } from '../auth/scopes';
import type { RouteDeps } from './route-deps';

/**
 * GET audit: the only route auditors have (besides their own session), and only they have
 * it. There is deliberately no route that changes or deletes audit events, and the table's
 * trigger refuses UPDATE and DELETE for any SQL that tries.
 */
export const auditRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/audit',
    {
      config: { roles: ['auditor'] },
      schema: {
        tags: ['audit'],
        summary: "The audit trail of the caller's org scope, newest first",
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const page = await queryAudit(db.orm, await orgScopeOf(db.orm, request), request.query);
      // Reading the trail is itself on the trail (after the read, so it is not in its own page).
      await recordAudit(db.orm, { action: 'audit.query', actorId: sessionOf(request).user.id, detail: { ...request.query, returned: page.events.length }, ip: request.ip });
      return page;
    },
  );
};
