import type { Change } from '@shared/sync/protocol';
import type { DeskDb, MetaRow } from './db';
import { entityKeyOf, pendingEntityKeys } from './outbox';
import { ackKey, deferredKey, deferredKeys, deferredRow, PULL_CURSOR_KEY, readAcked, readDeferred, recordAcks } from './pull-meta';
import { announceCommitted } from './action-tx';
import { removeSegments } from './note-chunks';
import { writeChanges, type TouchedKeys } from './pulled-writes';

export { entityKeyOf, PULL_CURSOR_KEY, readDeferred, recordAcks };

/** The server's compaction mark the local history is complete against (sent back on every pull). */
export const PULL_MARK_KEY = 'pullPurgedThrough';
/** Set while a re-bootstrap (after a 409) has not reached the end of the log yet. */
export const PULL_RESYNC_KEY = 'pullResync';

const keyOf = (entity: string, id: string) => `${entity}:${id}`;

/** Every entity key with a mutation still waiting in the outbox, read from the `entityKey` index alone. */
async function allPendingKeys(db: DeskDb): Promise<Set<string>> {
  return new Set((await db.outbox.orderBy('entityKey').uniqueKeys()) as string[]);
}

/** Entity keys a person still has to decide about (dead letters): a sweep must not delete their local rows. */
async function deadLetterKeys(db: DeskDb): Promise<Set<string>> {
  const keys = new Set<string>();
  await db.deadLetters.each((row) => {
    const key = entityKeyOf(row.mutation);
    if (key) keys.add(key);
  });
  return keys;
}

/**
 * Applies one pulled page and advances the cursor, in one Dexie transaction, so a crash
 * leaves either the whole page or none of it. A row with a mutation still in the outbox
 * is not overwritten (the person's unsent change wins locally until the server answers);
 * the server's version is kept aside and applied by `settleDeferred` once nothing is
 * pending for it, unless a newer server change for it arrived first.
 * `seen` collects every entity key the page mentions (for a re-bootstrap's final sweep).
 */
export async function applyPulledPage(db: DeskDb, page: { changes: Change[]; cursor: number; purgedThrough: number }, seen?: Set<string>): Promise<{ applied: number; deferred: number }> {
  const { changes, cursor } = page;
  const touched: TouchedKeys = new Map();
  const outcome = await db.transaction('rw', [db.callRecords, db.noteChunks, db.cases, db.followUps, db.outbox, db.meta], async () => {
    const [pending, deferred, acked] = await Promise.all([pendingEntityKeys(db, changes.map((c) => keyOf(c.entity, c.id))), deferredKeys(db), readAcked(db)]);
    const meta: MetaRow[] = [
      { key: PULL_CURSOR_KEY, value: cursor },
      { key: PULL_MARK_KEY, value: page.purgedThrough },
    ];
    const released: string[] = [];
    const writes: Change[] = [];
    let held = 0;
    for (const change of changes) {
      const key = keyOf(change.entity, change.id);
      seen?.add(key);
      if (pending.has(key)) {
        // One row per entity: a later change of it on this page replaces this one (bulkPut keeps the last).
        meta.push(deferredRow(key, change));
        deferred.add(key);
        held++;
        continue;
      }
      if (deferred.delete(key)) released.push(deferredKey(key));
      // Older than our own acknowledged change: ours is newer and comes at its own seq.
      if ((acked.get(key) ?? 0) > change.seq) continue;
      writes.push(change);
    }
    await writeChanges(db, writes, touched);
    // Acknowledgements the cursor has passed have done their job.
    for (const [key, seq] of acked) if (seq <= cursor) released.push(ackKey(key));
    await db.meta.bulkPut(meta);
    if (released.length > 0) await db.meta.bulkDelete(released);
    return { applied: writes.length, deferred: held };
  });
  announceCommitted(db, touched);
  return outcome;
}

/**
 * Applies held-back server versions whose local changes are no longer pending. The usual
 * case (our mutation was applied) never gets here: its own change arrives in a later page
 * and replaces the held version. What is left is the server's word on a refused change.
 */
export async function settleDeferred(db: DeskDb): Promise<number> {
  const touched: TouchedKeys = new Map();
  const settledCount = await db.transaction('rw', [db.callRecords, db.noteChunks, db.cases, db.followUps, db.outbox, db.meta], async () => {
    const deferred = await readDeferred(db);
    if (deferred.size === 0) return 0;
    const pending = await pendingEntityKeys(db, deferred.keys());
    const acked = await readAcked(db);
    const writes: Change[] = [];
    const settled: string[] = [];
    for (const [key, change] of deferred) {
      if (pending.has(key)) continue;
      if ((acked.get(key) ?? 0) <= change.seq) writes.push(change);
      settled.push(deferredKey(key));
    }
    if (settled.length === 0) return 0;
    // Held versions are of different entities, so their order does not matter; seq order keeps it like the log.
    await writeChanges(db, writes.sort((x, y) => x.seq - y.seq), touched);
    await db.meta.bulkDelete(settled);
    return settled.length;
  });
  announceCommitted(db, touched);
  return settledCount;
}

/**
 * The end of a re-bootstrap: local records the server no longer has (their deletes were
 * compacted away) are removed, except those with unsent or refused changes.
 */
export async function sweepUnseen(db: DeskDb, seen: Set<string>): Promise<number> {
  return db.transaction('rw', [db.callRecords, db.noteChunks, db.cases, db.followUps, db.outbox, db.deadLetters, db.meta], async () => {
    // Acknowledged pushes the cursor has not passed yet are the server's records too: one pushed
    // and acknowledged while the last page was in flight is on no page, yet must not be deleted.
    const keep = new Set([...(await allPendingKeys(db)), ...(await deadLetterKeys(db)), ...(await readAcked(db)).keys()]);
    const spare = (key: string) => seen.has(key) || keep.has(key);
    const records = (await db.callRecords.toCollection().primaryKeys()).filter((id) => !spare(keyOf('callRecord', id)));
    const cases = (await db.cases.toCollection().primaryKeys()).filter((id) => !spare(keyOf('case', id)));
    await db.callRecords.bulkDelete(records);
    const segments = await removeSegments(db, (segment) => !spare(keyOf('noteSegment', segment.id)));
    await db.cases.bulkDelete(cases);
    const followUps = (await db.followUps.toCollection().primaryKeys()).filter((id) => !spare(keyOf('followUp', id)));
    await db.followUps.bulkDelete(followUps);
    await db.meta.delete(PULL_RESYNC_KEY);
    return records.length + segments + cases.length + followUps.length;
  });
}

/** Starts a re-bootstrap: cursor back to 0, the outbox untouched. */
export async function restartPull(db: DeskDb): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: PULL_CURSOR_KEY, value: 0 });
    await db.meta.put({ key: PULL_MARK_KEY, value: 0 });
    await db.meta.put({ key: PULL_RESYNC_KEY, value: true });
  });
}

export async function pullPosition(db: DeskDb): Promise<{ cursor: number; purgedThrough: number; resyncing: boolean }> {
  const [cursor, mark, resync] = await Promise.all([db.meta.get(PULL_CURSOR_KEY), db.meta.get(PULL_MARK_KEY), db.meta.get(PULL_RESYNC_KEY)]);
  const num = (row: { value: unknown } | undefined) => (typeof row?.value === 'number' ? row.value : 0);
  return { cursor: num(cursor), purgedThrough: num(mark), resyncing: resync?.value === true };
}
