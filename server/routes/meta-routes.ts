import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { HealthResponseSchema } from '../../shared/schemas/health';
import { ApiHttpError } from '../http/api-error';
import type { RouteDeps } from './route-deps';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** GET health and GET openapi.json: public, for load balancers, launchers and tooling. */
export const metaRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/health',
    { config: { public: true }, schema: { tags: ['meta'], summary: 'Liveness and database engine', response: { 200: HealthResponseSchema, '5xx': ApiErrorSchema } } },
    async (request) => {
      try {
        await db.ping();
      } catch (error) {
        request.log.error({ err: error }, 'database ping failed');
        throw new ApiHttpError(503, 'unavailable', 'The database does not answer.');
      }
      return { status: 'ok' as const, db: db.kind, version: VERSION };
    },
  );

  app.get(
    '/openapi.json',
    { config: { public: true }, schema: { hide: true, response: { 200: z.record(z.string(), z.unknown()) } } },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
};
