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

/**
 * The first `count` change_log rows after `cursor` in `unitIds`, oldest first, always read in
 * order from the `(org_unit_id, seq)` index. One unit is one index range. Several units (a
 * supervisor's subtree) are one ordered index range each, merged lazily (a Merge Append of
 * UNION ALL branches): the database reads about `count` rows plus one per unit, however long
 * the log is and however the units' changes interleave. (`org_unit_id IN (…) ORDER BY seq`
 * cannot use that index in order: it walks the whole seq range or sorts every match.)
 */
export async function readPulledRows(orm: Orm, unitIds: string[], cursor: number, count: number): Promise<PulledRow[]> {
  if (unitIds.length === 0) return [];
  if (unitIds.length === 1) {
    return orm
      .select({ seq: changeLog.seq, entity: changeLog.entity, id: changeLog.entityId, data: changeLog.data })
      .from(changeLog)
      .where(and(eq(changeLog.orgUnitId, unitIds[0]!), gt(changeLog.seq, cursor)))
      .orderBy(asc(changeLog.seq))
      .limit(count);
  }
  const branches = [...new Set(unitIds)].map(
    (unit) => sql`(SELECT seq, entity, entity_id, data FROM change_log WHERE org_unit_id = ${unit}::uuid AND seq > ${cursor} ORDER BY seq LIMIT ${count})`,
  );
  const rows = await queryRows<{ seq: string | number; entity: string; id: string; data: unknown }>(
    orm,
    sql`SELECT seq, entity, entity_id AS id, data FROM (${sql.join(branches, sql` UNION ALL `)}) AS merged ORDER BY seq LIMIT ${count}`,
  );
  return rows.map((r) => ({ seq: Number(r.seq), entity: r.entity, id: r.id, data: r.data }));
}
