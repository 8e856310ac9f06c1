import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { HistorySearchQuerySchema, HistorySearchResponseSchema, ScreenPopQuerySchema, ScreenPopResponseSchema } from '../../shared/schemas/history';
import { recordAuditGrouped } from '../audit/audit-batcher';
import { sessionOf } from '../auth/authenticate';
import { CALL_ROLES } from '../auth/roles';
import { orgScopeOf } from '../auth/scopes';
import { maskIdNumber, maskPhone } from '../freeze/mask';
import { normaliseIdNumber } from '../freeze/normalise';
import { searchHistory } from '../history/history-search';
import { screenPopFor } from '../history/screen-pop';
import { pullScope } from '../sync/pull-scope';
import type { RouteDeps } from './route-deps';

/**
 * Caller history (issue 6): the screen-pop's linked records for a ringing number and the
 * history search, for call-takers and supervisors. Both read personal data, so both are
 * audited (masked values only) and both answer masked.
 */
export const historyRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/screen-pop',
    {
      config: { roles: CALL_ROLES },
      schema: {
        tags: ['history'],
        summary: 'Open warning instructions (the caller’s units) and freeze records linked to a ringing number (masked, audited)',
        querystring: ScreenPopQuerySchema,
        response: { 200: ScreenPopResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const { user } = sessionOf(request);
      const { unitIds } = await orgScopeOf(db.orm, request);
      const answer = await screenPopFor(db.orm, request.query.number, unitIds);
      await recordAuditGrouped(db.orm, {
        action: 'screen-pop.read',
        actorId: user.id,
        target: null,
        detail: { number: maskPhone(request.query.number), warnings: answer.warnings.length, freezes: answer.freezes.length },
        ip: request.ip,
      });
      return answer;
    },
  );

  app.get(
    '/history/search',
    {
      config: { roles: CALL_ROLES },
      schema: {
        tags: ['history'],
        summary: 'Cases in the caller’s units by number (or its tail), case number, resident ID and date range; newest first, paged (audited)',
        querystring: HistorySearchQuerySchema,
        response: { 200: HistorySearchResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const { user } = sessionOf(request);
      const [caseUnitIds, scope] = await Promise.all([pullScope(db.orm, user), orgScopeOf(db.orm, request)]);
      const q = request.query;
      const answer = await searchHistory(db.orm, q, { caseUnitIds, warningUnitIds: scope.unitIds });
      await recordAuditGrouped(db.orm, {
        action: 'history.search',
        actorId: user.id,
        target: null,
        detail: {
          ...(q.number ? { number: q.number.length >= 8 ? maskPhone(q.number) : q.number } : {}),
          ...(q.caseNumber ? { caseNumber: q.caseNumber } : {}),
          ...(q.idNumber ? { idNumber: maskIdNumber(normaliseIdNumber(q.idNumber)) } : {}),
          ...(q.from === undefined ? {} : { from: q.from }),
          ...(q.to === undefined ? {} : { to: q.to }),
          results: answer.items.length,
          caseIds: answer.items.map((i) => i.caseId),
        },
        ip: request.ip,
      });
      return answer;
    },
  );
};
