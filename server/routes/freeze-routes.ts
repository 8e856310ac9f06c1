import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { FreezeLookupRequestSchema, FreezeLookupResponseSchema, RevealRequestSchema, RevealResponseSchema } from '../../shared/schemas/freeze';
import { UuidSchema } from '../../shared/schemas/ids';
import { recordAuditGrouped } from '../audit/audit-batcher';
import { bearerTokenHashOf, sessionOf } from '../auth/authenticate';
import { findSessionByHash } from '../auth/sessions';
import { assertLinkedInScope } from '../auth/linked-scope';
import { CALL_ROLES } from '../auth/roles';
import { maskLookupValue } from '../freeze/mask';
import { foldedLookup } from '../freeze/folded-lookup';
import { revealField } from '../freeze/lookup';
import { lookupSerializerCompiler } from '../freeze/lookup-serializer';
import { ApiHttpError, forbidden, unauthorized } from '../http/api-error';
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
      config: { roles: CALL_ROLES, sessionInStatement: true },
      // The handler answers an invalid body itself, after checking the caller (see below).
      attachValidation: true,
      // Anything bigger than a look-up is refused before it is parsed (the session is not checked yet).
      bodyLimit: 16 * 1024,
      // An answer is at most 21 masked records (~10 KB, usually under 1 KB): on a desk's LAN
      // compressing it cost the loaded record store more CPU than the bytes were worth.
      compress: false,
      serializerCompiler: lookupSerializerCompiler,
      schema: {
        tags: ['freeze'],
        summary: 'Find freeze records by account, ID number, phone, or name with the last digits (masked)',
        body: FreezeLookupRequestSchema,
        response: { 200: FreezeLookupResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      // One statement checks the session and the role and runs the look-up (issue 18).
      const tokenHash = bearerTokenHashOf(request);
      if (request.validationError) {
        // An invalid body: who is asking is checked first, as on every other route, so only
        // a signed-in caller with the role learns what was wrong with it.
        const session = await findSessionByHash(db.orm, tokenHash);
        if (!session) throw unauthorized();
        if (!CALL_ROLES.includes(session.user.role)) throw forbidden(`The ${session.user.role} role may not use this.`);
        throw request.validationError;
      }
      const { caller, answer, value } = await foldedLookup(db, tokenHash, request.body, CALL_ROLES);
      if (!caller) throw unauthorized();
      const { user } = caller;
      if (!CALL_ROLES.includes(user.role)) throw forbidden(`The ${user.role} role may not use this.`);
      // The trail must not claim a look-up was for another unit's case (the statement read the
      // case's unit; an id the server does not hold passes, as in assertLinkedInScope).
      if (caller.caseUnitId !== null && caller.caseUnitId !== user.orgUnitId && !(await pullScope(db.orm, user)).includes(caller.caseUnitId)) {
        throw new ApiHttpError(403, 'forbidden', 'caseId names a record of another org unit.', { caseId: 'other-org-unit' });
      }
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
