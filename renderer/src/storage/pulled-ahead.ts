import Dexie from 'dexie';
import type { Change } from '@shared/sync/protocol';
import { announceCommitted, request } from './action-tx';
import type { DeskDb } from './db';
import { PULL_MARK_KEY } from './pulled-changes';
import { PULL_ACK_PREFIX, PULL_CURSOR_KEY, PULL_DEFERRED_PREFIX } from './pull-meta';
import { issueWrites, localReadsFor, parseChanges, planWrites, removesSegments, type TouchedKeys } from './pulled-writes';

/** A page written ahead: `verdict` once its reads answered, `committed` once it is stored. */
export interface PageAhead {
  /**
   * `ahead` when the reads confirmed the guess and the page is committing; `redo` when they did
   * not (or the page before it is not stored): nothing of it is kept, and it must be applied
   * the careful way (`applyPulledPage`) once the page before it is committed.
   */
  verdict: Promise<'ahead' | 'redo'>;
  /** Settles when the transaction is over; rejects when a write failed. */
  committed: Promise<void>;
}

const TABLES = ['callRecords', 'noteChunks', 'cases', 'followUps', 'outbox', 'meta'];

const prefixed = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`, false, true);

/**
 * Writes a pulled page without waiting for the page before it to commit: the pull's
 * transactions queue in IndexedDB, so this page's rows are cloned and sent while the last
 * page is still being stored (an initial pull otherwise waits once per page; the
 * 50,000-record bench spent about a quarter of its time so). The writes are guessed as
 * `applyPulledPage` makes them when nothing local bears on the page, the usual case for a
 * large page (a new desk's first pull, a catch-up):
 * - the cursor stands where the page starts (`after`): the page before it is stored;
 * - no change of this desk waits in the outbox, no server version is held back, no
 *   acknowledgement awaits the cursor;
 * - none of the page's cases is here yet, and every case's call record is on the page;
 * - the page removes no note segment (that needs the chunks holding it read).
 * The reads that check this are issued first in the same transaction, so they see the store
 * as it was before the page. When one differs, the transaction is aborted and nothing of it
 * is kept. Returns null (apply the careful way) when the page itself rules the guess out.
 */
export function applyPageAhead(db: DeskDb, page: { changes: Change[]; cursor: number; purgedThrough: number }, after: number, seen?: Set<string>): PageAhead | null {
  if (!db.isOpen()) return null;
  const now = Date.now();
  const parsed = parseChanges(page.changes, now);
  const needs = localReadsFor(parsed);
  if (needs.recordIds.length > 0) return null;
  const writes = planWrites(parsed, new Map(), new Map(), now);
  if (removesSegments(writes)) return null;
  const tx = db.backendDB().transaction(TABLES, 'readwrite');
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Dexie.AbortError('transaction aborted'));
  });
  committed.catch(() => undefined); // awaited by the pull loop, or replaced by the careful path on a redo
  const meta = tx.objectStore('meta');
  const cases = tx.objectStore('cases');
  // The checks, issued before the writes so they answer for the store as it was. Keys only: no row is read.
  const checks = Promise.all([
    request(meta.get(PULL_CURSOR_KEY) as IDBRequest<{ value: unknown } | undefined>),
    request(tx.objectStore('outbox').index('entityKey').getKey(IDBKeyRange.lowerBound('', true))),
    request(meta.getKey(prefixed(PULL_DEFERRED_PREFIX))),
    request(meta.getKey(prefixed(PULL_ACK_PREFIX))),
    Promise.all(needs.caseIds.map((id) => request(cases.getKey(id)))),
  ]);
  checks.catch(() => undefined); // a failing write aborts the transaction and every check; `verdict` reports the transaction's error
  const touched: TouchedKeys = new Map();
  try {
    issueWrites(tx, writes, touched);
    meta.put({ key: PULL_CURSOR_KEY, value: page.cursor });
    meta.put({ key: PULL_MARK_KEY, value: page.purgedThrough });
  } catch (error) {
    // A write refused before it was sent (a key IndexedDB cannot take): none of the page may stay.
    tx.abort();
    throw error;
  }
  const verdict = checks.then(([cursorRow, queued, deferred, acked, localCases]) => {
    if ((cursorRow?.value ?? 0) !== after || queued !== undefined || deferred !== undefined || acked !== undefined || localCases.some((key) => key !== undefined)) {
      try {
        tx.abort();
      } catch {
        // already over: a failed write aborted it, and nothing was kept either way
      }
      return 'redo' as const;
    }
    for (const change of page.changes) seen?.add(`${change.entity}:${change.id}`);
    try {
      tx.commit();
    } catch {
      // already committing
    }
    return 'ahead' as const;
  }, () => committed.then(() => 'redo' as const)); // a check failed without the transaction failing: redo (never expected)
  verdict.catch(() => undefined);
  return {
    verdict,
    committed: verdict.then(
      async (outcome) => {
        if (outcome === 'redo') return void (await committed.catch(() => undefined));
        await committed;
        announceCommitted(db, touched);
      },
      () => committed,
    ),
  };
}
