import type { DeskDb } from './db';

/** How many rows per database a guess is kept for: the calls of the last minutes are what a person edits. */
const DEFAULT_LIMIT = 64;

/**
 * What this window last wrote (or read) of some rows, per database: the guess a user action
 * writes from while it reads the real row in the same transaction (action-tx.ts). Never
 * trusted: a guess that turns out wrong is corrected or redone by the action, so a stale entry
 * costs time, never data. Bounded, oldest dropped first.
 */
export class KnownRows<V> {
  private readonly byDb = new WeakMap<DeskDb, Map<string, V>>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  get(db: DeskDb, key: string): V | undefined {
    return this.byDb.get(db)?.get(key);
  }

  set(db: DeskDb, key: string, value: V): void {
    const rows = this.byDb.get(db) ?? new Map<string, V>();
    this.byDb.set(db, rows);
    // Re-inserted, so the map's order is the order of use and the first key is the oldest.
    rows.delete(key);
    rows.set(key, value);
    if (rows.size > this.limit) rows.delete(rows.keys().next().value as string);
  }

  delete(db: DeskDb, key: string): void {
    this.byDb.get(db)?.delete(key);
  }
}
