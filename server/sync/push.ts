import type { SessionUser } from '../../shared/schemas/auth';
import type { Mutation } from '../../shared/sync/mutations';
import type { MutationResult, PushRequest, PushResponse } from '../../shared/sync/protocol';
import type { Orm } from '../db/database';
import { anyUuid } from '../db/any-of';
import { appliedMutations } from '../db/schema';
import { notifyChanges } from '../events/change-notice';
import type { AgentStatusState, CallRecordState, CaseState, Decision, NoteSegmentState, PlannedChange } from './batch-types';
import { storeResults } from './applied-results';
import { alreadyAcknowledged, takeAckedThrough } from './client-acks';
import { allocateSeqs, appendChanges, lockChangeLog, type ChangeRow } from './change-log';
import { saveAgentStatuses } from './entities/agent-status';
import { loadCallRecords, saveCallRecords } from './entities/call-records';
import { loadCases, saveCases } from './entities/cases';
import { loadFollowUpBatch, saveFollowUps, type FollowUpRow } from './entities/follow-ups';
import { insertNoteSegments, loadNoteSegments } from './entities/note-segments';
import { idsToLoad, planBatch } from './plan-batch';

/**
 * Applies a push batch exactly once per mutation id, all in one transaction (design.md §4):
 * stored results are returned for ids seen before; new mutations are planned in memory,
 * given seqs, and written with one statement per table. Any failure rolls the whole batch
 * back, so a retry starts from a clean slate.
 */
export async function push(orm: Orm, user: SessionUser, request: PushRequest, clientSeqs: ReadonlyMap<string, number> = new Map()): Promise<PushResponse> {
  return orm.transaction(async (tx) => {
    await lockChangeLog(tx);
    const known = await loadStoredResults(tx, user, request.mutations);
    // Only clients that number their outbox have an acknowledged point (issue 18 retention).
    const acked = clientSeqs.size > 0 || request.ackedThrough !== undefined ? await takeAckedThrough(tx, user.id, request.clientId, request.ackedThrough) : 0;

    // First occurrence of each unseen id is applied; a repeat inside the batch shares its result.
    const fresh: Mutation[] = [];
    const seen = new Set<string>(known.keys());
    for (const m of request.mutations) {
      if (seen.has(m.mutationId)) continue;
      seen.add(m.mutationId);
      const clientSeq = clientSeqs.get(m.mutationId);
      // Not stored, yet acknowledged: its stored result was pruned after the client acknowledged it.
      if (clientSeq !== undefined && clientSeq <= acked) known.set(m.mutationId, alreadyAcknowledged(m.mutationId, clientSeq, acked));
      else fresh.push(m);
    }

    const { callRecordIds, noteSegmentIds, caseIds } = idsToLoad(fresh);
    const [callRecords, noteSegments, cases] = [await loadCallRecords(tx, callRecordIds), await loadNoteSegments(tx, noteSegmentIds), await loadCases(tx, caseIds)];
    const followUps = await loadFollowUpBatch(tx, user, fresh);
    const decisions = planBatch(user, fresh, { callRecords, noteSegments, cases, followUps });

    const changes = decisions.flatMap((d) => (d.kind === 'change' ? [d.change] : []));
    const seqs = await allocateSeqs(tx, changes.length);
    changes.forEach((change, i) => (change.ref.seq = seqs[i]));

    // The last change to a record carries its final state (and seq) within this batch.
    const finalRecords = new Map<string, CallRecordState>();
    const newSegments: NoteSegmentState[] = [];
    const finalCases = new Map<string, CaseState>();
    const finalAgentStatuses = new Map<string, AgentStatusState>();
    // null: deleted by the batch's last change to it.
    const finalFollowUps = new Map<string, FollowUpRow | null>();
    const log: ChangeRow[] = [];
    for (const change of changes) {
      if (change.entity === 'callRecord') finalRecords.set(change.row.id, change.row);
      else if (change.entity === 'noteSegment') newSegments.push(change.row);
      else if (change.entity === 'case') finalCases.set(change.row.id, change.row);
      else if (change.entity === 'followUp') finalFollowUps.set(change.row.id, change.data === null ? null : change.row);
      else finalAgentStatuses.set(change.row.userId, change.row);
      log.push({ seq: change.ref.seq as number, entity: change.entity, entityId: entityIdOf(change), orgUnitId: orgOf(change.row, callRecords), data: change.data });
    }
    await saveCallRecords(tx, [...finalRecords.values()]);
    await insertNoteSegments(tx, newSegments);
    await saveCases(tx, [...finalCases.values()]);
    await saveAgentStatuses(tx, [...finalAgentStatuses.values()]);
    const followUpEntries = [...finalFollowUps.entries()];
    await saveFollowUps(
      tx,
      followUpEntries.flatMap(([, row]) => (row ? [row] : [])),
      followUpEntries.flatMap(([id, row]) => (row ? [] : [id])),
    );
    await appendChanges(tx, log);
    await notifyChanges(tx, log);

    const results = new Map<string, MutationResult>(known);
    fresh.forEach((m, i) => results.set(m.mutationId, toResult(m.mutationId, decisions[i] as Decision)));
    await storeResults(
      tx,
      user.id,
      request.clientId,
      fresh.map((m) => ({ mutationId: m.mutationId, name: m.name, result: results.get(m.mutationId) as MutationResult, clientSeq: clientSeqs.get(m.mutationId) })),
    );
    return { results: request.mutations.map((m) => results.get(m.mutationId) as MutationResult) };
  });
}

/**
 * Results already stored for this batch's ids. An id stored for another user is answered
 * `forbidden` (and not stored again): mutation ids are client-made, and one user's
 * replay must never read or overwrite another's outcome.
 */
async function loadStoredResults(tx: Orm, user: SessionUser, mutations: Mutation[]): Promise<Map<string, MutationResult>> {
  const ids = [...new Set(mutations.map((m) => m.mutationId))];
  const rows = await tx
    .select({ mutationId: appliedMutations.mutationId, userId: appliedMutations.userId, result: appliedMutations.result })
    .from(appliedMutations)
    .where(anyUuid(appliedMutations.mutationId, ids));
  return new Map(
    rows.map((row): [string, MutationResult] =>
      row.userId === user.id
        ? [row.mutationId, row.result as MutationResult]
        : [row.mutationId, { mutationId: row.mutationId, status: 'rejected', reason: 'forbidden', message: 'This mutation id was used by another user.' }],
    ),
  );
}

/** The change log names an agent's status by the agent's user id. */
function entityIdOf(change: PlannedChange): string {
  return change.entity === 'agentStatus' ? change.row.userId : change.row.id;
}

function orgOf(row: PlannedChange['row'], records: Map<string, CallRecordState>): string {
  if ('orgUnitId' in row) return row.orgUnitId;
  const record = records.get(row.callRecordId);
  if (!record) throw new Error(`note segment ${row.id} has no loaded call record`);
  return record.orgUnitId;
}

function toResult(mutationId: string, decision: Decision): MutationResult {
  if (decision.kind === 'rejected') {
    return { mutationId, status: 'rejected', reason: decision.reason, message: decision.message, ...(decision.current === undefined ? {} : { current: decision.current }) };
  }
  const seq = decision.kind === 'change' ? decision.change.ref.seq : decision.ref.seq;
  if (seq === undefined) throw new Error(`mutation ${mutationId} applied without a seq`);
  return { mutationId, status: 'applied', seq };
}
