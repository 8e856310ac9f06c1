import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { FreezeLookupRequestSchema, FreezeLookupResponseSchema, RevealRequestSchema, RevealResponseSchema } from '../../shared/schemas/freeze';
import { UuidSchema } from '../../shared/schemas/ids';
import { recordAuditGrouped } from '../audit/audit-batcher';
import { sessionOf } from '../auth/authenticate';
import { assertLinkedInScope } from '../auth/linked-scope';
import { CALL_ROLES } from '../auth/roles';
import { maskLookupValue } from '../freeze/mask';
import { lookupCondition, lookupFreezeRecords, revealField } from '../freeze/lookup';
import { ApiHttpError } from '../http/api-error';
import { pullScope } from '../sync/pull-scope';
import type { RouteDeps } from './route-deps';

/**
 * POST freeze-records/lookup and POST freeze-records/:id/reveal, for call-takers and
 * supervisors. Freeze records are not scoped to org units: a caller's account may have
 * been frozen by any authority in the country, and finding which one is the point.
 * Every look-up and reveal is audited, with masked values only.
 */
export const freezeRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.post(
    '/freeze-records/lookup',
    {
      config: { roles: CALL_ROLES },
      schema: {
        tags: ['freeze'],
        summary: 'Find freeze records by account, ID number, phone, or name with the last digits (masked)',
        body: FreezeLookupRequestSchema,
        response: { 200: FreezeLookupResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const { user } = sessionOf(request);
      // The trail must not claim a look-up was for another unit's case.
      await assertLinkedInScope(db.orm, await pullScope(db.orm, user), { caseId: request.body.caseId });
      const answer = await lookupFreezeRecords(db.orm, request.body);
      const { value } = lookupCondition(request.body);
      // Group-committed with concurrent look-ups; still awaited, so no answer leaves unaudited.
      await recordAuditGrouped(db.orm, {
        action: 'freeze.lookup',
        actorId: user.id,
        target: request.body.caseId ? `case:${request.body.caseId}` : null,
        detail: {
          by: request.body.by,
          value: maskLookupValue(request.body.by, value),
          ...(request.body.partialNumber ? { partialNumber: request.body.partialNumber } : {}),
          results: answer.results.length,
          truncated: answer.truncated,
          caseId: request.body.caseId ?? null,
        },
        ip: request.ip,
      });
      return answer;
    },
  );

  app.post(
    '/freeze-records/:id/reveal',
    {
      config: { roles: CALL_ROLES },
      schema: {
        tags: ['freeze'],
        summary: 'One personal field of a freeze record in the clear; needs a reason, audited',
        params: z.object({ id: UuidSchema }),
        body: RevealRequestSchema,
        response: { 200: RevealResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const { user } = sessionOf(request);
      const { field, reason, caseId } = request.body;
      await assertLinkedInScope(db.orm, await pullScope(db.orm, user), { caseId });
      const found = await revealField(db.orm, request.params.id, field);
      if (!found) throw new ApiHttpError(404, 'not-found', 'No such freeze record.');
      await recordAuditGrouped(db.orm, {
        action: 'freeze.reveal',
        actorId: user.id,
        target: `freezeRecord:${request.params.id}`,
        detail: { field, reason, caseId: caseId ?? null },
        ip: request.ip,
      });
      return { field, value: found.value };
    },
  );
};
