import { and, asc, eq, gt } from 'drizzle-orm';
import type { SessionUser } from '../../shared/schemas/auth';
import type { Change, PullQuery, PullResponse } from '../../shared/sync/protocol';
import type { Orm } from '../db/database';
import { changeLog } from '../db/schema';

/**
 * One page of changes after `cursor` in the caller's org unit, oldest first. Reads one row
 * past the limit to know whether more are waiting. Seqs of other org units are skipped,
 * so the returned cursor may jump; clients treat it as opaque.
 */
export async function pull(orm: Orm, user: SessionUser, query: PullQuery): Promise<PullResponse> {
  const rows = await orm
    .select({ seq: changeLog.seq, entity: changeLog.entity, id: changeLog.entityId, data: changeLog.data })
    .from(changeLog)
    .where(and(eq(changeLog.orgUnitId, user.orgUnitId), gt(changeLog.seq, query.cursor)))
    .orderBy(asc(changeLog.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const changes = page.map((r) => ({ ...r, entity: r.entity as Change['entity'] }));
  return { changes, cursor: page.at(-1)?.seq ?? query.cursor, more: rows.length > query.limit };
}
