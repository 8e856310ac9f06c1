import { parse } from 'csv-parse/sync';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { FreezeIngestRequestSchema, FreezeRecordInputSchema, IngestResponseSchema } from '../../shared/schemas/freeze';
import { sessionOf } from '../auth/authenticate';
import { ingestFreezeRecords } from '../freeze/ingest';
import { ApiHttpError } from '../http/api-error';
import { decodeCsvBody } from '../ingest/csv-charset';
import { withCsvBody } from '../ingest/csv-openapi';
import type { RouteDeps } from './route-deps';

const KNOWN_COLUMNS = new Set(Object.keys(FreezeRecordInputSchema.shape));

/**
 * `text/csv` → `{ records }`: a header row with FreezeRecordInputSchema's names, one record
 * per line. Unknown columns are refused up front (a misspelt header would otherwise
 * silently drop a field from every row).
 */
function parseCsv(text: string): { records: Array<Record<string, string>> } {
  let rows: Array<Record<string, string>>;
  try {
    rows = parse(text, { columns: (header: string[]) => header.map((h) => h.trim()), bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new ApiHttpError(400, 'malformed', `The body is not valid CSV: ${(error as Error).message}`);
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unknown = header.split(',').map((h) => h.trim().replace(/^"|"$/g, '')).filter((h) => h && !KNOWN_COLUMNS.has(h));
  if (unknown.length > 0) {
    throw new ApiHttpError(400, 'invalid', `Unknown CSV column(s): ${unknown.join(', ')}`, Object.fromEntries(unknown.map((h) => [`header.${h}`, 'unknown-column'])));
  }
  return { records: rows };
}

/** POST ingest/freeze-records (admin): a JSON or CSV batch, per-row results. */
export const ingestRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  // Encapsulated in this plugin: no other route accepts CSV.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseCsv(decodeCsvBody(body as Buffer, request.headers['content-type'])));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.post(
    '/ingest/freeze-records',
    {
      config: { roles: ['admin'], swaggerTransform: withCsvBody },
      schema: {
        tags: ['freeze'],
        summary: 'Create or update freeze records from a JSON or CSV batch (idempotent on source + sourceId)',
        body: FreezeIngestRequestSchema,
        response: { 200: IngestResponseSchema, '4xx': ApiErrorSchema },
      },
    },
    async (request) => {
      const format = String(request.headers['content-type'] ?? '').startsWith('text/csv') ? 'csv' : 'json';
      return ingestFreezeRecords(db.orm, request.body.records, { actorId: sessionOf(request).user.id, ip: request.ip, format });
    },
  );
};
