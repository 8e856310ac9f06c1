import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { UuidSchema } from '../../shared/schemas/ids';
import {
  AttemptInputSchema,
  ContactInputSchema,
  VisitRecordInputSchema,
  WarningConfigSchema,
  WarningConflictSchema,
  WarningGradeSchema,
  WarningIngestRequestSchema,
  WarningIngestResponseSchema,
  WarningInstructionSchema,
  WarningListResponseSchema,
  WarningStateSchema,
  WarningStationsResponseSchema,
  WarningTransitionRequestSchema,
} from '../../shared/schemas/warning';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/audit-log';
import { sessionOf } from '../auth/authenticate';
import { WARNING_READ_ROLES } from '../auth/roles';
import { orgScopeOf } from '../auth/scopes';
import { orgUnits } from '../db/schema';
import { warningConfigOf } from '../warnings/grade-config';
import { ingestWarnings } from '../warnings/ingest';
import { drainSmsOutboxFor } from '../warnings/sms-outbox';
import { wakeSmsDispatchers } from '../warnings/sms-dispatcher';
import { quickDeliveryPolicyOf, smsConfigOf, smsProviderOf } from '../warnings/sms-setup';
import { recordAttempt, recordContact, recordVisit, transitionInstruction, type ActionContext, type ActionResult } from '../warnings/warning-actions';
import { listInstructions } from '../warnings/warning-list';
import { takeOverInstruction } from '../auto-call/take-over';
import { wakeAutoCallServices } from '../auto-call/auto-call-service';
import { stationView } from '../warnings/station-view';
import type { RouteDeps } from './route-deps';

const IdParams = z.object({ id: UuidSchema });
const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined))
    .pipe(z.array(item).optional());
const ActionResponses = { 200: WarningInstructionSchema, 409: WarningConflictSchema, '4xx': ApiErrorSchema };

/**
 * Warning instructions (issue 7): platform ingest (admin), the responsible unit's queue,
 * server-validated transitions (409 with `current` when refused), attempts, relatives'
 * contacts, and the station's visit record. Every change goes to the change log for the
 * responsible unit and any station it was dispatched to.
 */
export const warningRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  const warnings = warningConfigOf(config.warnings);
  const sms = smsConfigOf(config.sms);
  const provider = smsProviderOf(sms, db.orm, warnings.smsProvider);
  const contextOf = async (request: FastifyRequest): Promise<ActionContext> => ({ user: sessionOf(request).user, scope: await orgScopeOf(db.orm, request), ip: request.ip, config: warnings });
  /**
   * After the commit, queued SMS go out: the background dispatcher is woken when it runs (the
   * answer never waits for the gateway); else one quick try each here, a failure being left
   * queued. A delivery problem is logged, never turned into a failed answer (the change is committed).
   */
  const deliver = async (request: FastifyRequest) => {
    if (wakeSmsDispatchers(db.orm)) return;
    try {
      await drainSmsOutboxFor(db.orm, provider, 5_000, quickDeliveryPolicyOf(sms));
    } catch (error) {
      request.log.error({ err: error }, 'SMS outbox drain failed; messages stay queued');
    }
  };
  /** Sends a refusal as 409 with the server's state. */
  const answer = async (request: FastifyRequest, reply: FastifyReply, result: ActionResult) => {
    if (!result.ok) return reply.code(409).send({ error: result.code, message: result.message, current: result.current });
    if (result.smsQueued) await deliver(request);
    const { user } = sessionOf(request);
    return reply.code(200).send(user.role === 'station-officer' ? stationView(result.instruction, user.orgUnitId) : result.instruction);
  };

  app.post(
    '/ingest/warning-instructions',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['warnings'],
        summary: 'Create warning instructions from the city platform (idempotent on sourceId; per-item results)',
        body: WarningIngestRequestSchema,
        response: { 200: WarningIngestResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const result = await ingestWarnings(db.orm, request.body.instructions, { actorId: sessionOf(request).user.id, ip: request.ip, config: warnings });
      // Low-grade instructions may be called automatically: the callers of this process look now, not at their next pass.
      wakeAutoCallServices(db.orm);
      await deliver(request);
      return result;
    },
  );

  app.get(
    '/warning-config',
    { config: { roles: WARNING_READ_ROLES }, schema: { tags: ['warnings'], summary: 'The region’s grades (colour, sound, overdue time)', response: { 200: WarningConfigSchema, '4xx': ApiErrorSchema } } },
    async () => ({ region: warnings.region, grades: warnings.grades, autoSmsLow: warnings.autoSmsLow }),
  );

  app.get(
    '/warning-stations',
    { schema: { tags: ['warnings'], summary: 'Police stations under the caller’s unit (visit dispatch targets)', response: { 200: WarningStationsResponseSchema, '4xx': ApiErrorSchema } } },
    async (request) => {
      const { unitIds } = await orgScopeOf(db.orm, request);
      const stations = await db.orm
        .select({ id: orgUnits.id, name: orgUnits.name, code: orgUnits.code })
        .from(orgUnits)
        .where(and(eq(orgUnits.kind, 'station'), inArray(orgUnits.id, unitIds)))
        .orderBy(asc(orgUnits.code));
      return { stations };
    },
  );

  app.get(
    '/warning-instructions',
    {
      config: { roles: WARNING_READ_ROLES },
      schema: {
        tags: ['warnings'],
        summary: 'The caller’s unit’s queue (plus visits dispatched to it), by grade then age, with overdue verdicts',
        querystring: z.object({
          state: csv(WarningStateSchema),
          grade: csv(WarningGradeSchema),
          overdue: z.enum(['1', 'true']).optional(),
          /** Supervisors: include the units under theirs. */
          tree: z.enum(['1', 'true']).optional(),
        }),
        response: { 200: WarningListResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const { user } = sessionOf(request);
      const station = user.role === 'station-officer';
      const tree = request.query.tree !== undefined && user.role === 'supervisor';
      // A station officer is responsible for no instruction: they see only visits dispatched to their station.
      const unitIds = station ? [] : tree ? (await orgScopeOf(db.orm, request)).unitIds : [user.orgUnitId];
      const list = await listInstructions(db.orm, { unitIds, stationUnitId: user.orgUnitId, states: request.query.state, grades: request.query.grade, overdueOnly: request.query.overdue !== undefined }, warnings);
      const answer = station ? { ...list, items: list.items.map((item) => stationView(item, user.orgUnitId)) } : list;
      // Names, phones and ID numbers: a read of personal data is on the trail (ids only, no values).
      await recordAudit(db.orm, {
        action: 'warning.list',
        actorId: user.id,
        target: null,
        detail: { ...request.query, returned: answer.items.length, ids: answer.items.map((i) => i.id) },
        ip: request.ip,
      });
      return answer;
    },
  );

  app.post(
    '/warning-instructions/:id/transition',
    { schema: { tags: ['warnings'], summary: 'Move an instruction; refused with 409 and the current state', params: IdParams, body: WarningTransitionRequestSchema, response: ActionResponses } },
    async (request, reply) => answer(request, reply, await transitionInstruction(db.orm, request.params.id, request.body, await contextOf(request))),
  );

  app.post(
    '/warning-instructions/:id/take-over',
    { schema: { tags: ['warnings'], summary: 'Take an instruction over from the automatic caller: assigned to you, automatic calls stop (409 when someone else holds it)', params: IdParams, response: ActionResponses } },
    async (request, reply) => answer(request, reply, await takeOverInstruction(db.orm, request.params.id, await contextOf(request))),
  );

  app.post(
    '/warning-instructions/:id/attempts',
    { schema: { tags: ['warnings'], summary: 'Record an attempt to reach the person', params: IdParams, body: AttemptInputSchema, response: ActionResponses } },
    async (request, reply) => answer(request, reply, await recordAttempt(db.orm, request.params.id, request.body, await contextOf(request))),
  );

  app.post(
    '/warning-instructions/:id/contacts',
    { schema: { tags: ['warnings'], summary: 'Record a relative’s or friend’s contact', params: IdParams, body: ContactInputSchema, response: ActionResponses } },
    async (request, reply) => answer(request, reply, await recordContact(db.orm, request.params.id, request.body, await contextOf(request))),
  );

  app.post(
    '/warning-instructions/:id/visit',
    {
      config: { roles: WARNING_READ_ROLES },
      schema: {
        tags: ['warnings'],
        summary: 'The station records its face-to-face visit and, with returnToUnit, sends it back',
        params: IdParams,
        body: VisitRecordInputSchema.extend({ returnToUnit: z.boolean().default(true) }),
        response: ActionResponses,
      },
    },
    async (request, reply) => answer(request, reply, await recordVisit(db.orm, request.params.id, request.body, await contextOf(request))),
  );
};
