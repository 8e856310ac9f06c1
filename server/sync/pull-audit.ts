import type { Change } from '../../shared/sync/protocol';
import { recordAuditGrouped } from '../audit/audit-batcher';
import type { Orm } from '../db/database';

/** Who is pulling, for the audit trail. */
export interface PullReader {
  actorId: string;
  ip: string | null;
}

/**
 * Writes one `case.pull` audit event for a pull page that returns cases: a case carries the
 * caller's number, names and ID/account numbers in its fields, so handing it to a
 * workstation is a read of personal data (design.md §5). The event names the actor, how
 * many cases, their ids and the cursor range; tombstones carry no data and do not count.
 * A page without cases writes nothing, so idle safety pulls do not flood the trail.
 */
export async function auditCasePull(orm: Orm, reader: PullReader, changes: readonly Pick<Change, 'entity' | 'id' | 'seq' | 'data'>[], range: { from: number; to: number }): Promise<void> {
  // Both events go to the group-commit batcher together, so they usually share one INSERT.
  await Promise.all([auditRecordsPull(orm, reader, changes, range), auditCases(orm, reader, changes, range)]);
}

async function auditCases(orm: Orm, reader: PullReader, changes: readonly Pick<Change, 'entity' | 'id' | 'seq' | 'data'>[], range: { from: number; to: number }): Promise<void> {
  const cases = changes.filter((c) => c.entity === 'case' && c.data !== null);
  if (cases.length === 0) return;
  const ids = [...new Set(cases.map((c) => c.id))];
  await recordAuditGrouped(orm, {
    action: 'case.pull',
    actorId: reader.actorId,
    target: ids.length === 1 ? `case:${ids[0]}` : null,
    detail: { count: ids.length, ids, cursorFrom: range.from, cursorTo: range.to, firstSeq: cases[0]?.seq, lastSeq: cases.at(-1)?.seq },
    ip: reader.ip,
  });
}

/** Entities other than cases that carry personal data: the caller's number, note text, a number to call back. */
const PERSONAL = ['callRecord', 'noteSegment', 'followUp'] as const;

/**
 * One `records.pull` event for a page that returns call records, note segments or follow-ups:
 * counts per entity and their ids, so an auditor can answer "who received this call's notes".
 */
async function auditRecordsPull(orm: Orm, reader: PullReader, changes: readonly Pick<Change, 'entity' | 'id' | 'seq' | 'data'>[], range: { from: number; to: number }): Promise<void> {
  const read = changes.filter((c) => c.data !== null && (PERSONAL as readonly string[]).includes(c.entity));
  if (read.length === 0) return;
  const byEntity: Record<string, string[]> = {};
  for (const entity of PERSONAL) {
    const ids = [...new Set(read.filter((c) => c.entity === entity).map((c) => c.id))];
    if (ids.length > 0) byEntity[entity] = ids;
  }
  await recordAuditGrouped(orm, {
    action: 'records.pull',
    actorId: reader.actorId,
    target: null,
    detail: { count: read.length, ids: byEntity, cursorFrom: range.from, cursorTo: range.to },
    ip: reader.ip,
  });
}
