import { serializerCompiler } from 'fastify-type-provider-zod';
import { FreezeLookupResponseSchema, FreezeRecordViewSchema, type FreezeLookupResponse, type FreezeRecordView } from '../../shared/schemas/freeze';

/** The keys a look-up answer's record carries, read from the shared schema so the two cannot drift. */
const VIEW_KEYS = Object.keys(FreezeRecordViewSchema.shape) as Array<keyof FreezeRecordView>;

/**
 * Writes a look-up answer as JSON without re-validating it. The zod serialiser checked every
 * field of every record again (uuid pattern, text rule, enums) before `JSON.stringify`, which
 * was a visible share of a loaded record store's CPU per look-up; the answer is built by
 * `toMaskedView` from typed columns, so the check only repeated what the types already say.
 * What the zod serialiser also guaranteed is kept: only the schema's keys leave (anything
 * else on the object, e.g. an unmasked column added by mistake, is dropped).
 */
export function serializeLookupResponse(answer: FreezeLookupResponse): string {
  const results = answer.results.map((record) => {
    const out: Record<string, unknown> = {};
    for (const key of VIEW_KEYS) out[key] = record[key];
    return out;
  });
  return JSON.stringify({ results, at: answer.at, truncated: answer.truncated });
}

/**
 * The look-up route's serializer compiler: the answer above for 200 and the shared zod
 * serialiser for every other status (errors), as on every other route.
 */
export function lookupSerializerCompiler(route: { schema: unknown; method: string; url: string; httpStatus?: string }): (data: unknown) => string {
  if (String(route.httpStatus) === '200' && route.schema === FreezeLookupResponseSchema) return (data) => serializeLookupResponse(data as FreezeLookupResponse);
  return serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
}
