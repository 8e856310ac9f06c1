import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import type { Database } from '../db/database';
import { ApiHttpError } from '../http/api-error';
import type { AppMetrics } from '../ops/metrics';

const ProbeSchema = z.object({ status: z.literal('ok') });

/**
 * Operations endpoints at the root, for orchestrators and Prometheus: `/healthz` (the process
 * answers; never touches the database, so a slow database does not get the process restarted),
 * `/readyz` (the database answers: send traffic here) and `/metrics` (Prometheus text format).
 * Public: they carry no personal data, and probes cannot sign in.
 */
export const opsRoutes: FastifyPluginAsyncZod<{ db: Database; metrics: AppMetrics }> = async (app, { db, metrics }) => {
  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['ops'], summary: 'Liveness: the process answers', response: { 200: ProbeSchema } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    { config: { public: true }, schema: { tags: ['ops'], summary: 'Readiness: the database answers', response: { 200: ProbeSchema, '5xx': ApiErrorSchema } } },
    async (request) => {
      try {
        await db.ping();
      } catch (error) {
        request.log.error({ err: error }, 'readiness: database ping failed');
        throw new ApiHttpError(503, 'unavailable', 'The database does not answer.');
      }
      return { status: 'ok' as const };
    },
  );

  app.get(
    '/metrics',
    { config: { public: true }, schema: { tags: ['ops'], summary: 'Prometheus metrics (text exposition format)', response: { 200: z.string() } } },
    async (_request, reply) => {
      void reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
};
