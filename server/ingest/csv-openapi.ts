import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { FreezeRecordInputSchema } from '../../shared/schemas/freeze';
import { CSV_CHARSETS } from './csv-charset';

const CSV_DESCRIPTION =
  `A header row with the freeze-record field names (${Object.keys(FreezeRecordInputSchema.shape).join(', ')}), then one record per line. ` +
  `Encoding by the Content-Type charset parameter: ${CSV_CHARSETS.join(', ')} (UTF-8 when absent; a UTF-8 BOM is ignored). ` +
  'Blank optional cells mean "not given"; dates are epoch ms or ISO 8601.';

/**
 * The route's OpenAPI entry with both request bodies: the zod-derived JSON one and the CSV
 * text the route's own content-type parser turns into the same `{ records }`. The zod
 * transform alone knows only the JSON shape.
 */
export const withCsvBody: SwaggerTransform = (input) => {
  const out = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
  const schema = out.schema as Record<string, unknown>;
  if (!schema.body) return out;
  const body = {
    content: {
      'application/json': { schema: schema.body },
      'text/csv': { schema: { type: 'string', description: CSV_DESCRIPTION, example: `${Object.keys(FreezeRecordInputSchema.shape).join(',')}\n…` } },
    },
  };
  return { ...out, schema: { ...schema, body } };
};
