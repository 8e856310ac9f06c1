import { inArray, sql } from 'drizzle-orm';
import type { SessionUser } from '../../../shared/schemas/auth';
import type { FollowUp } from '../../../shared/schemas/follow-up';
import type { Mutation } from '../../../shared/sync/mutations';
import type { Orm } from '../../db/database';
import { queryRows } from '../../db/database';
import { followUps, users } from '../../db/schema';
import type { SeqRef } from '../batch-types';
import { pullScope } from '../pull-scope';

/** A follow-up as the server holds it while planning a batch. */
export interface FollowUpRow extends FollowUp {
  ref: SeqRef;
}

/** What follow-up mutations of a batch may read, loaded up front in a few queries. */
export interface FollowUpBatchState {
  rows: Map<string, FollowUpRow>;
  /** Deleted ids (in the writer's scope) → the tombstone's seq: a late write to them is a no-op, the delete wins. */
  tombstones: Map<string, SeqRef>;
  /** Assignees named by the batch: user id → their org unit. */
  assignees: Map<string, string>;
  /** Org units the writer may change follow-ups in (a supervisor's subtree, as pull sees it). */
  scope: ReadonlySet<string>;
}

/** The client-facing shape (FollowUpSchema) of a stored follow-up: what pull serves. */
export function toFollowUp(row: FollowUp): FollowUp {
  return {
    id: row.id,
    caseId: row.caseId,
    callRecordId: row.callRecordId,
    callerNumber: row.callerNumber,
    dueAt: row.dueAt,
    note: row.note,
    state: row.state,
    assigneeId: row.assigneeId,
    orgUnitId: row.orgUnitId,
    createdAt: row.createdAt,
    doneAt: row.doneAt,
  };
}

const isFollowUpMutation = (m: Mutation): boolean => m.name.startsWith('followUp.');

/** An empty state for batches without follow-up mutations (no queries). */
export const noFollowUps = (user: SessionUser): FollowUpBatchState => ({ rows: new Map(), tombstones: new Map(), assignees: new Map(), scope: new Set([user.orgUnitId]) });

/**
 * Loads the follow-ups, tombstones and assignees a batch's follow-up mutations name.
 * Tombstones are looked up only for ids that have no row (rare: a write racing a delete).
 */
export async function loadFollowUpBatch(orm: Orm, user: SessionUser, mutations: Mutation[]): Promise<FollowUpBatchState> {
  const relevant = mutations.filter(isFollowUpMutation);
  if (relevant.length === 0) return noFollowUps(user);
  const ids = new Set<string>();
  const assigneeIds = new Set<string>();
  for (const m of relevant) {
    const args = m.args as { id: string; assigneeId?: string };
    ids.add(args.id);
    if (args.assigneeId !== undefined) assigneeIds.add(args.assigneeId);
  }
  const scope = new Set(await pullScope(orm, user));
  const rows = new Map<string, FollowUpRow>();
  for (const row of await orm.select().from(followUps).where(inArray(followUps.id, [...ids]))) {
    const { updatedSeq, ...rest } = row;
    rows.set(row.id, { ...toFollowUp({ ...rest, state: rest.state as FollowUp['state'] }), ref: { seq: updatedSeq } });
  }
  const missing = [...ids].filter((id) => !rows.has(id));
  const tombstones = new Map<string, SeqRef>();
  if (missing.length > 0) {
    const found = await queryRows<{ entity_id: string; seq: string | number }>(
      orm,
      sql`SELECT entity_id, max(seq) AS seq FROM change_log
          WHERE entity = 'followUp' AND entity_id IN (${sql.join(missing.map((id) => sql`${id}`), sql`, `)})
            AND org_unit_id IN (${sql.join([...scope].map((u) => sql`${u}::uuid`), sql`, `)})
            AND (data IS NULL OR data = 'null'::jsonb)
          GROUP BY entity_id`,
    );
    for (const t of found) tombstones.set(t.entity_id, { seq: Number(t.seq) });
  }
  const assignees = new Map<string, string>();
  if (assigneeIds.size > 0) {
    for (const u of await orm.select({ id: users.id, orgUnitId: users.orgUnitId }).from(users).where(inArray(users.id, [...assigneeIds]))) assignees.set(u.id, u.orgUnitId);
  }
  return { rows, tombstones, assignees, scope };
}

/** Writes the batch's final follow-up states in one upsert, and removes the deleted ones in one statement. */
export async function saveFollowUps(orm: Orm, rows: FollowUpRow[], deletedIds: string[]): Promise<void> {
  if (rows.length > 0) {
    const values = rows.map(({ ref, ...row }) => {
      if (ref.seq === undefined) throw new Error(`follow-up ${row.id} saved without a seq`);
      return { ...toFollowUp(row), updatedSeq: ref.seq };
    });
    const excluded = (column: string) => sql.raw(`excluded.${column}`);
    await orm
      .insert(followUps)
      .values(values)
      .onConflictDoUpdate({
        target: followUps.id,
        set: { dueAt: excluded('due_at'), note: excluded('note'), state: excluded('state'), assigneeId: excluded('assignee_id'), doneAt: excluded('done_at'), updatedSeq: excluded('updated_seq') },
      });
  }
  if (deletedIds.length > 0) await orm.delete(followUps).where(inArray(followUps.id, deletedIds));
}

