import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { UuidSchema } from '../../shared/schemas/ids';
import { IsoDaySchema, ReassignRequestSchema, shanghaiDayOf, SupervisorBoardSchema, SupervisorWorkloadSchema } from '../../shared/schemas/supervisor';
import { WarningInstructionSchema, WarningStateSchema } from '../../shared/schemas/warning';
import { recordAudit } from '../audit/audit-log';
import { sessionOf } from '../auth/authenticate';
import { pullScope } from '../sync/pull-scope';
import { reassignInstruction } from '../supervisor/reassign';
import { supervisorBoard } from '../supervisor/supervisor-board';
import { supervisorWorkload } from '../supervisor/supervisor-workload';
import { warningConfigOf } from '../warnings/grade-config';
import type { RouteDeps } from './route-deps';

/**
 * Least privilege: the shift supervisor only. Admins run the system (ingest, templates) and
 * do not direct agents; auditors read the audit trail and nothing else.
 */
const SUPERVISOR_ONLY = ['supervisor'] as const;

const ReassignConflictSchema = z.object({ error: z.string(), message: z.string(), current: WarningStateSchema, currentAssigneeId: UuidSchema.nullable() });

/**
 * The shift supervisor's view (issue 7): the board of the supervisor's subtree (their pull
 * scope), the per-agent workload of a day, and reassignment of an instruction.
 */
export const supervisorRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  const warnings = warningConfigOf(config.warnings);

  app.get(
    '/supervisor/board',
    {
      config: { roles: SUPERVISOR_ONLY },
      schema: {
        tags: ['supervisor'],
        summary: 'Open warning instructions of the subtree by grade × state, the overdue list (oldest first) and agents’ states',
        response: { 200: SupervisorBoardSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const { user } = sessionOf(request);
      const board = await supervisorBoard(db.orm, await pullScope(db.orm, user), warnings);
      // The open and overdue lists name the people warned: reading them is on the trail (ids, no names).
      const ids = [...new Set([...board.open, ...board.overdue].map((o) => o.id))];
      await recordAudit(db.orm, { action: 'supervisor.board', actorId: user.id, target: null, detail: { returned: ids.length, ids }, ip: request.ip });
      return board;
    },
  );

  app.get(
    '/supervisor/workload',
    {
      config: { roles: SUPERVISOR_ONLY },
      schema: {
        tags: ['supervisor'],
        summary: 'Per agent of the subtree, one Asia/Shanghai day (default today): calls answered, talk time, instructions finished, state',
        querystring: z.object({ date: IsoDaySchema.optional() }),
        response: { 200: SupervisorWorkloadSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const now = warnings.now();
      const day = request.query.date ?? shanghaiDayOf(now);
      const { user } = sessionOf(request);
      const workload = await supervisorWorkload(db.orm, await pullScope(db.orm, user), day, now);
      // Names and working hours of the staff: personal data too, so on the trail.
      await recordAudit(db.orm, { action: 'supervisor.workload', actorId: user.id, target: null, detail: { day }, ip: request.ip });
      return workload;
    },
  );

  app.post(
    '/warning-instructions/:id/reassign',
    {
      config: { roles: SUPERVISOR_ONLY },
      schema: {
        tags: ['supervisor'],
        summary: 'Hand an open instruction to a call-taker of its unit (audited; 409 with the current state and assignee when refused)',
        params: z.object({ id: UuidSchema }),
        body: ReassignRequestSchema,
        response: { 200: WarningInstructionSchema, 409: ReassignConflictSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const { user } = sessionOf(request);
      const result = await reassignInstruction(db.orm, request.params.id, request.body, { user, unitIds: await pullScope(db.orm, user), ip: request.ip });
      if (!result.ok) return reply.code(409).send({ error: result.code, message: result.message, current: result.current, currentAssigneeId: result.currentAssigneeId });
      return reply.code(200).send(result.instruction);
    },
  );
};
