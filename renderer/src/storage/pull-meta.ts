import type { Transaction } from 'dexie';
import type { Change } from '@shared/sync/protocol';
import type { DeskDb, MetaRow } from './db';

/**
 * The pull side's per-entity bookkeeping, one `meta` row per entity (`pullAck:<entity key>`,
 * `pullDeferred:<entity key>`), so an acknowledgement or a held-back version writes its own
 * row instead of rewriting a map of every entity in flight, and a pull page reads them as one
 * primary-key range (there are few: each row is removed as soon as it has done its job).
 * Rows live in `meta` (not a table of their own) so the push's acknowledgement transaction,
 * which already spans `meta`, keeps its scope.
 */

/** meta key of the pull cursor (also read here: an acknowledgement the cursor has passed is not kept). */
export const PULL_CURSOR_KEY = 'pullCursor';
/** Prefix of `entity key → the seq at which the record store applied our latest acknowledged change to it`. */
export const PULL_ACK_PREFIX = 'pullAck:';
/** Prefix of `entity key → the server version held back because the local row had unsent changes`. */
export const PULL_DEFERRED_PREFIX = 'pullDeferred:';
/** Before schema version 8: both as one whole map each (see migratePullMaps). */
export const LEGACY_ACKED_KEY = 'pullAckedSeqs';
export const LEGACY_DEFERRED_KEY = 'pullDeferred';

/** Every meta row whose key starts with `prefix`: one primary-key range read. */
const withPrefix = (db: DeskDb, prefix: string) => db.meta.where('key').between(prefix, `${prefix}\uffff`, true, false);

/** Entity key → acknowledged seq, for every acknowledgement the cursor has not passed yet. */
export async function readAcked(db: DeskDb): Promise<Map<string, number>> {
  const rows = await withPrefix(db, PULL_ACK_PREFIX).toArray();
  return new Map(rows.map((r) => [r.key.slice(PULL_ACK_PREFIX.length), r.value as number]));
}

/** Entity key → held-back server version. */
export async function readDeferred(db: DeskDb): Promise<Map<string, Change>> {
  const rows = await withPrefix(db, PULL_DEFERRED_PREFIX).toArray();
  return new Map(rows.map((r) => [r.key.slice(PULL_DEFERRED_PREFIX.length), r.value as Change]));
}

/** The entity keys with a held-back version (keys only: the versions are not read). */
export async function deferredKeys(db: DeskDb): Promise<Set<string>> {
  const keys = (await withPrefix(db, PULL_DEFERRED_PREFIX).primaryKeys()) as string[];
  return new Set(keys.map((k) => k.slice(PULL_DEFERRED_PREFIX.length)));
}

export const ackRow = (key: string, seq: number): MetaRow => ({ key: PULL_ACK_PREFIX + key, value: seq });
export const deferredRow = (key: string, change: Change): MetaRow => ({ key: PULL_DEFERRED_PREFIX + key, value: change });
export const ackKey = (key: string) => PULL_ACK_PREFIX + key;
export const deferredKey = (key: string) => PULL_DEFERRED_PREFIX + key;

/**
 * Remembers, in the push's acknowledgement transaction, the seq each acknowledged change
 * got. A pull page fetched before that acknowledgement may still carry an older version
 * of the entity; it must not overwrite ours (our own change arrives at this seq). Not kept
 * when the cursor already passed that seq: every page applied later starts above it.
 */
export async function recordAcks(db: DeskDb, acks: Array<[key: string, seq: number]>): Promise<void> {
  if (acks.length === 0) return;
  const cursorRow = await db.meta.get(PULL_CURSOR_KEY);
  const cursor = typeof cursorRow?.value === 'number' ? cursorRow.value : 0;
  const highest = new Map<string, number>();
  for (const [key, seq] of acks) if (seq > cursor) highest.set(key, Math.max(highest.get(key) ?? 0, seq));
  if (highest.size === 0) return;
  const keys = [...highest.keys()];
  const stored = await db.meta.bulkGet(keys.map(ackKey));
  await db.meta.bulkPut(keys.map((key, i) => ackRow(key, Math.max(highest.get(key)!, (stored[i]?.value as number | undefined) ?? 0))));
}

/**
 * Schema version 8's upgrade: the whole-map rows of earlier versions become one row per
 * entity, in the upgrade's own transaction, so an acknowledgement or a held-back version in
 * flight at the update is kept.
 */
export async function migratePullMaps(tx: Transaction): Promise<void> {
  const meta = tx.table<MetaRow, string>('meta');
  const [acked, deferred] = await Promise.all([meta.get(LEGACY_ACKED_KEY), meta.get(LEGACY_DEFERRED_KEY)]);
  const rows: MetaRow[] = [];
  for (const [key, seq] of Object.entries((acked?.value as Record<string, number> | undefined) ?? {})) rows.push(ackRow(key, seq));
  for (const [key, change] of Object.entries((deferred?.value as Record<string, Change> | undefined) ?? {})) rows.push(deferredRow(key, change));
  if (rows.length > 0) await meta.bulkPut(rows);
  await meta.bulkDelete([LEGACY_ACKED_KEY, LEGACY_DEFERRED_KEY]);
}
