import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireSessions } from './auth/authenticate';
import { dbRateLimitStore } from './auth/db-rate-limit-store';
import { installationSecretPlugin } from './auth/installation-secret';
import { enforceRoles } from './auth/roles';
import { INSTALLATION_SECRET_HEADER } from '../shared/ipc/record-store';
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from './config';
import type { Database } from './db/database';
import { corsOriginAllowed } from './http/cors-origins';
import { ApiHttpError } from './http/api-error';
import { frameworkErrors, installErrorHandling } from './http/error-handler';
import { installTextGuard } from './http/text-guard';
import { auditRoutes } from './routes/audit-routes';
import { authRoutes } from './routes/auth-routes';
import { freezeRoutes } from './routes/freeze-routes';
import { historyRoutes } from './routes/history-routes';
import { ingestRoutes } from './routes/ingest-routes';
import { eventsRoutes } from './routes/events-routes';
import { metaRoutes } from './routes/meta-routes';
import { opsRoutes } from './routes/ops-routes';
import { pbxCredentialRoutes } from './routes/pbx-credential-routes';
import { routingRoutes } from './routes/routing-routes';
import { instrumentApp } from './ops/metrics';
import type { RouteDeps } from './routes/route-deps';
import { syncRoutes } from './routes/sync-routes';
import { supervisorRoutes } from './routes/supervisor-routes';
import { templateRoutes } from './routes/template-routes';
import { userRoutes } from './routes/user-routes';
import { warningRoutes } from './routes/warning-routes';
import { attachSmsDispatcher, smsConfigOf } from './warnings/sms-setup';

export interface BuildAppOptions {
  /** An open, migrated database. The app does not own it: close it after the app. */
  db: Database;
  /** Overrides of DEFAULT_SERVER_CONFIG. */
  config?: Partial<ServerConfig>;
}

/** Everything under /api/v1: default-deny auth, then the route groups. */
const apiV1: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, config }) => {
  // Rebuilt rather than passed on: the incoming options also carry this plugin's `prefix`.
  const deps: RouteDeps = { db, config };
  requireSessions(app, db.orm);
  enforceRoles(app);
  await app.register(metaRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(syncRoutes, deps);
  await app.register(ingestRoutes, deps);
  await app.register(freezeRoutes, deps);
  await app.register(templateRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(eventsRoutes, deps);
  await app.register(warningRoutes, deps);
  await app.register(historyRoutes, deps);
  await app.register(supervisorRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(routingRoutes, deps);
  await app.register(pbxCredentialRoutes, deps);
};

/**
 * Builds the record store's HTTP app without listening, so tests drive it with
 * `app.inject()` and main.ts adds the socket. Stateless: all state is in `db`.
 */
export function buildApp({ db, config: overrides }: BuildAppOptions): FastifyInstance {
  const config: ServerConfig = { ...DEFAULT_SERVER_CONFIG, ...overrides };
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, stream: process.stderr },
    // Mutation ids and tokens are the only identities; no proxy headers are trusted yet.
    trustProxy: false,
    return503OnClosing: true,
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installTextGuard(app);

  const allowed = corsOriginAllowed(config.corsOrigins);
  void app.register(cors, {
    origin: (origin, callback) => callback(null, allowed(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'last-event-id', INSTALLATION_SECRET_HEADER],
    maxAge: 600,
  });
  // An embedded store answers only its own workstation (after CORS, before everything else).
  if (config.installationSecret) void app.register(installationSecretPlugin(config.installationSecret));
  void app.register(swagger, {
    openapi: {
      info: { title: 'Hotline Desk record store', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // Only routes that opt in (`config.rateLimit`: sign-in) are limited; the answer is our ApiError.
  // Counters live in the database, so every instance on it enforces one shared limit.
  void app.register(rateLimit, {
    global: false,
    store: dbRateLimitStore(db.orm, (error) => app.log.warn({ err: error }, 'rate-limit sweep failed')),
    errorResponseBuilder: (_request, context) => new ApiHttpError(429, 'too-many-requests', `Too many sign-in attempts from this address; retry in ${Math.ceil(context.ttl / 1000)} s.`),
  });
  // Responses negotiated brotli or gzip (a 50,000-record pull is ~60 MB of JSON, mostly
  // repetitive). Registered before the routes: the plugin hooks each route as it is added.
  // Brotli at quality 1: on a 1 MB pull page it packs as tight as quality 4 (~35 KB) in a
  // sixth of the time (4 ms, not 25), and CPU is what a loaded record store runs short of.
  // The SSE stream is hijacked (raw socket writes), so compression never buffers a poke.
  void app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024, brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } }, zlibOptions: { level: 1 } });
  const metrics = instrumentApp(app, { processMetrics: config.processMetrics });
  void app.register(opsRoutes, { db, metrics });
  void app.register(apiV1, { prefix: '/api/v1', db, config });
  attachSmsDispatcher(app, db.orm, smsConfigOf(config.sms), config.warnings?.smsProvider);
  return app;
}
