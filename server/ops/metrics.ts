import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus registry of one app, with its HTTP instruments. */
export interface AppMetrics {
  registry: Registry;
}

/**
 * Counts and times every request by route pattern (never the raw URL, so ids and numbers in
 * paths neither leak personal data into the metrics nor explode the label set).
 * One registry per app, not prom-client's global one: tests build many apps in one process.
 */
export function instrumentApp(app: FastifyInstance, options: { processMetrics: boolean }): AppMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'hotline_record_store_' });
  const requests = new Counter({
    name: 'hotline_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'hotline_http_request_duration_seconds',
    help: 'Time from request to response, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs (404s) share one label value.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  return { registry };
}
