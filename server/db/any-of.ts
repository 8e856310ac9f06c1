import { sql, type Column, type SQL } from 'drizzle-orm';

/**
 * `column = ANY($1::uuid[])`: one parameter for the whole list. drizzle's `inArray` binds one
 * parameter per id, and a push batch looks up to a thousand ids at once: building, sending and
 * parsing that many parameters is work the database and the server do on every push.
 * The ids must be UUIDs (every caller's ids passed the shared schemas); a malformed one fails
 * the cast instead of matching anything.
 */
export function anyUuid(column: Column, ids: readonly string[]): SQL {
  return sql`${column} = ANY(${`{${ids.join(',')}}`}::uuid[])`;
}
