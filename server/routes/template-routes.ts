import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { smsRuleViolations, TemplateInputSchema, TemplateListResponseSchema, TemplateSchema } from '../../shared/schemas/template';
import { recordAudit } from '../audit/audit-log';
import { sessionOf } from '../auth/authenticate';
import { ADMIN_ROLES, DESK_ROLES } from '../auth/roles';
import { ApiHttpError } from '../http/api-error';
import { createTemplateVersion, listCurrentTemplates, listTemplateVersions } from '../templates/template-store';
import type { RouteDeps } from './route-deps';

/** Desks read the scripts; admins read and publish them. Not stations (they do not call) nor auditors. */
const TEMPLATE_READERS = [...DESK_ROLES, ...ADMIN_ROLES];

/** GET templates, GET templates/:key/versions (desks and admins), POST templates (admin). */
export const templateRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/templates',
    { config: { roles: TEMPLATE_READERS }, schema: { tags: ['templates'], summary: 'The current version of every active template', response: { 200: TemplateListResponseSchema, '4xx': ApiErrorSchema } } },
    async () => ({ templates: await listCurrentTemplates(db.orm), at: Date.now() }),
  );

  app.get(
    '/templates/:key/versions',
    {
      config: { roles: TEMPLATE_READERS },
      schema: {
        tags: ['templates'],
        summary: 'Every version of one template, newest first',
        params: z.object({ key: TemplateInputSchema.shape.key }),
        response: { 200: z.object({ versions: z.array(TemplateSchema) }), '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const versions = await listTemplateVersions(db.orm, request.params.key);
      if (versions.length === 0) throw new ApiHttpError(404, 'not-found', `No template ${request.params.key}.`);
      return { versions };
    },
  );

  app.post(
    '/templates',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['templates'],
        summary: 'Publish the next version of a template (SMS bodies must pass the 12381 rule)',
        body: TemplateInputSchema,
        response: { 201: TemplateSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const input = request.body;
      if (input.channel === 'sms') {
        const problems = smsRuleViolations(input.body);
        if (problems.length > 0) {
          throw new ApiHttpError(400, 'invalid', `SMS body breaks the 12381 rule: ${problems.join(', ')} (no links, no numbers but 96110, 110, 12381, 12321).`, { body: `sms-${problems[0]}` });
        }
      }
      const template = await createTemplateVersion(db.orm, input, sessionOf(request).user.id);
      await recordAudit(db.orm, { action: 'template.create', actorId: sessionOf(request).user.id, target: `template:${template.key}`, detail: { version: template.version, id: template.id }, ip: request.ip });
      return reply.code(201).send(template);
    },
  );
};
