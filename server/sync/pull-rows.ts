import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/database';
import { changeLog } from '../db/schema';

/** One change_log row as a pull page carries it. */
export interface PulledRow {
  seq: number;
  entity: string;
  id: string;
  data: unknown;
}

/** One change_log row with its data as PostgreSQL's JSON text in UTF-8 bytes (null for a tombstone), never parsed here. */
export interface PulledJsonRow {
  seq: number;
  entity: string;
  id: string;
  json: Buffer | null;
}

/**
 * The data column as base64 of its UTF-8 JSON text: the driver hands every text column over
 * as a JS string, and decoding ~1 MB of mostly Chinese UTF-8 per page into a string, only to
 * encode it back for the response, was the record store's largest cost on a pull. Base64 is
 * ASCII (the driver's fast path) and decodes straight into bytes. PostgreSQL breaks base64
 * lines every 76 characters; Node's decoder skips the line breaks.
 */
const DATA_B64 = sql<string | null>`encode(convert_to(${changeLog.data}::text, 'UTF8'), 'base64')`;
const bytesOf = (b64: string | null) => (b64 === null ? null : Buffer.from(b64, 'base64'));

/**
 * The first `count` change_log rows after `cursor` in `unitIds`, oldest first, always read in
 * order from the `(org_unit_id, seq)` index. One unit is one index range. Several units (a
 * supervisor's subtree) are one ordered index range each, merged lazily (a Merge Append of
 * UNION ALL branches): the database reads about `count` rows plus one per unit, however long
 * the log is and however the units' changes interleave. (`org_unit_id IN (…) ORDER BY seq`
 * cannot use that index in order: it walks the whole seq range or sorts every match.)
 *
 * The data comes as jsonb's text output (valid JSON) in UTF-8 bytes: a pull page goes out as
 * it came in, so the record store neither parses, re-serialises nor re-encodes ~1 MB of
 * records per page (that was most of a page's CPU time on the record store).
 */
export async function readPulledJson(orm: Orm, unitIds: string[], cursor: number, count: number): Promise<PulledJsonRow[]> {
  if (unitIds.length === 0) return [];
  if (unitIds.length === 1) {
    const rows = await orm
      .select({ seq: changeLog.seq, entity: changeLog.entity, id: changeLog.entityId, b64: DATA_B64 })
      .from(changeLog)
      .where(and(eq(changeLog.orgUnitId, unitIds[0]!), gt(changeLog.seq, cursor)))
      .orderBy(asc(changeLog.seq))
      .limit(count);
    return rows.map((r) => ({ seq: Number(r.seq), entity: r.entity, id: r.id, json: bytesOf(r.b64) }));
  }
  const branches = [...new Set(unitIds)].map(
    (unit) => sql`(SELECT seq, entity, entity_id, data FROM change_log WHERE org_unit_id = ${unit}::uuid AND seq > ${cursor} ORDER BY seq LIMIT ${count})`,
  );
  const rows = await queryRows<{ seq: string | number; entity: string; id: string; b64: string | null }>(
    orm,
    sql`SELECT seq, entity, entity_id AS id, encode(convert_to(data::text, 'UTF8'), 'base64') AS b64 FROM (${sql.join(branches, sql` UNION ALL `)}) AS merged ORDER BY seq LIMIT ${count}`,
  );
  return rows.map((r) => ({ seq: Number(r.seq), entity: r.entity, id: r.id, json: bytesOf(r.b64) }));
}

/** A pulled row's data as an object (null for a tombstone). */
export const parsedData = (json: Buffer | null): unknown => (json === null ? null : JSON.parse(json.toString('utf8')));

/** As `readPulledJson`, with each row's data parsed (tests and callers that need the objects). */
export async function readPulledRows(orm: Orm, unitIds: string[], cursor: number, count: number): Promise<PulledRow[]> {
  return (await readPulledJson(orm, unitIds, cursor, count)).map((r) => ({ seq: r.seq, entity: r.entity, id: r.id, data: parsedData(r.json) }));
}
