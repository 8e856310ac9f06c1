import Dexie, { type ObservabilitySet } from 'dexie';
import { useEffect, useState } from 'react';
import type { DeskDb } from '../storage/db';

/** Whether a change announcement (Dexie's `storagemutated` parts) touches one of `tables` of the database named `dbName`. */
export function touchesTables(parts: ObservabilitySet, dbName: string, tables: readonly string[]): boolean {
  const prefixes = tables.map((table) => `idb://${dbName}/${table}/`);
  for (const key of Object.keys(parts)) {
    // `all`: Dexie's "everything may have changed" (a page restored from the back-forward cache).
    if (key === 'all' || prefixes.some((prefix) => key.startsWith(prefix))) return true;
  }
  return false;
}

/**
 * The answer of `query`, run again whenever this window or another one changes one of `tables`
 * (Dexie's `storagemutated` event: its own commits and the native ones of action-tx.ts). For
 * a query that lives as long as the session (the status bar, the follow-ups list): Dexie's
 * `liveQuery` keeps every change it is told of that does not touch what it read until it runs
 * again, so one that rarely runs again (the dead-letter count) held every outbox and meta key
 * a shift wrote, a few kilobytes per call (the 200-call soak's heap snapshots). This one keeps
 * nothing but its answer. Runs once at a time; a change during a run runs it once more after.
 */
export function useTableQuery<T>(db: DeskDb | null, tables: readonly string[], query: (db: DeskDb) => Promise<T>, deps: readonly unknown[], initial: T): T {
  // Kept with the database it was read from: after a sign-out and a new sign-in, the last user's answer is never shown.
  const [state, setState] = useState<{ db: DeskDb | null; value: T } | null>(null);
  const tableKey = tables.join(',');
  useEffect(() => {
    if (!db) return;
    let closed = false;
    let running = false;
    let again = false;
    const run = async (): Promise<void> => {
      if (running) return void (again = true);
      running = true;
      try {
        do {
          again = false;
          const answer = await query(db);
          if (!closed) setState({ db, value: answer });
        } while (again && !closed);
      } catch (error) {
        // A database closed on sign-out answers no more; anything else is worth seeing.
        if (!closed && !(error instanceof Dexie.DatabaseClosedError)) console.error('table query failed', error);
      } finally {
        running = false;
      }
    };
    const watched = tableKey.split(',');
    const listener = (parts: ObservabilitySet): void => {
      if (touchesTables(parts, db.name, watched)) void run();
    };
    Dexie.on('storagemutated', listener);
    void run();
    return () => {
      closed = true;
      Dexie.on.storagemutated.unsubscribe(listener);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `query` is re-read when the caller's `deps` change, as with useLiveQuery
  }, [db, tableKey, ...deps]);
  return state && state.db === db ? state.value : initial;
}
