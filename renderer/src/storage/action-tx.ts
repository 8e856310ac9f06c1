import Dexie, { RangeSet, type IndexableType, type ObservabilitySet } from 'dexie';
import type { DeskDb } from './db';

/** The tables a user action may write (each one's Dexie table name is its object store name). */
export type ActionTable = 'callRecords' | 'noteChunks' | 'noteDrafts' | 'cases' | 'outbox';

/**
 * What the body of one user action reads and writes, inside one transaction. Writes are
 * issued without waiting (the transaction carries them); a failing write fails the action.
 *
 * Reads and writes run in the order they are issued, so a read issued before a write sees the
 * row as it was. A body should issue its reads, then at once the writes it expects to make
 * (guessed from what it last knew), and only then await the reads: the writes are carried out
 * while the reads' answers travel back, which makes a read cost nothing (the offline-writes
 * bench: awaiting a read before writing costs about 0.2 ms per action, one issued beside the
 * writes costs none). When the answer differs from the guess, the body corrects its writes
 * (a later put of the same key wins) or calls `rollback`: nothing is kept unless the reads
 * confirmed it, so a wrong guess costs time, never data.
 */
export interface ActionStores {
  get<T>(table: ActionTable, key: string): Promise<T | undefined>;
  /** The first row of `index` equal to `value`, in index order. */
  firstBy<T>(table: ActionTable, index: string, value: string): Promise<T | undefined>;
  /** The last key of `index` (`:id`: the primary key) between `lower` and `upper` (inclusive), in index order: the row itself is not read. */
  lastKeyBetween(table: ActionTable, index: string, lower: unknown[], upper: unknown[]): Promise<IDBValidKey | undefined>;
  /** The primary keys of the first `count` rows of `index` (`:id`: the primary key) between `lower` and `upper` (inclusive), in index order; no cursor, no row read. */
  firstPrimaryKeys(table: ActionTable, index: string, lower: unknown[], upper: unknown[], count: number): Promise<IDBValidKey[]>;
  put(table: ActionTable, row: object): void;
  add(table: ActionTable, row: object): void;
  delete(table: ActionTable, key: string): void;
  /** Keep nothing this action wrote (the reads showed there is nothing to do, or the guess must be redone); the action still resolves with the body's result. */
  rollback(): void;
}

/** Full range of an index: Dexie's own "everything" (-Infinity up to its max key `[[]]`). */
const everything = () => new RangeSet(-Infinity, [[]]);

/** How long announcements gather before they go out: a burst of actions costs one broadcast, and a screen refreshes within a frame. */
const ANNOUNCE_DELAY_MS = 16;
/** Per database, per table, the keys native writes changed since the last announcement. */
let unannounced: Map<DeskDb, Map<string, IndexableType[]>> | null = null;
/** Up to this many keys of a table are announced one by one; more stand for the whole table. */
const PRECISE_KEYS = 64;

/**
 * Sends the gathered announcements now instead of at the end of their frame. For test
 * environments that are torn down while one is still waiting (the timer would then fire into
 * a page that is gone).
 */
export function flushAnnouncements(): void {
  const gathered = unannounced;
  unannounced = null;
  if (!gathered) return;
  const parts: ObservabilitySet = {};
  for (const [db, tables] of gathered) {
    for (const [table, keys] of tables) {
      const base = `idb://${db.name}/${table}/`;
      // Many keys (a pulled page) as the whole table: a page touches most screens' rows anyway,
      // and building Dexie's range tree of a thousand keys cost the pull about 5 % of its time.
      const rows = () => (keys.length > PRECISE_KEYS ? everything() : new RangeSet().addKeys(keys));
      parts[base] = rows();
      parts[`${base}:dels`] = rows();
      for (const index of db.table(table).schema.indexes) if (index.name) parts[base + index.name] = everything();
    }
  }
  Dexie.on.storagemutated.fire(parts);
}

/**
 * Tells Dexie's observers (liveQuery in this window, other windows through Dexie's broadcast)
 * which rows a native transaction changed, once it committed, as a commit of Dexie's own
 * would: primary keys precisely, every index of a touched table as a whole (the old index
 * values are not read). Used by user actions and by the pull's page writes. Gathered for up
 * to a frame: Dexie broadcasts every announcement to the other windows, which cost about 6 %
 * of each action's time when sent one by one. The keys are gathered as they are and turned
 * into Dexie's range sets once per announcement: merging range sets per action cost the
 * offline-writes bench about 3 % of its time.
 */
export function announceCommitted(db: DeskDb, touched: Map<string, IndexableType[]>): void {
  if (touched.size === 0) return;
  if (!unannounced) {
    unannounced = new Map();
    setTimeout(flushAnnouncements, ANNOUNCE_DELAY_MS);
  }
  const tables = unannounced.get(db);
  if (!tables) return void unannounced.set(db, touched);
  for (const [table, keys] of touched) {
    const gathered = tables.get(table);
    if (gathered) for (const key of keys) gathered.push(key);
    else tables.set(table, keys);
  }
}

type AddedListener = (row: object) => void;
/** Per database and table: who hears of rows a native action added, once it committed. */
const addedListeners = new WeakMap<DeskDb, Map<ActionTable, Set<AddedListener>>>();

/**
 * Calls `listener` with every row a user action added to `table`, after its transaction
 * committed (never for an action that failed). Dexie's `creating` hooks do not see these
 * native writes, so a hook that must see every new row (the note-segment journal) subscribes
 * here too; actions run inside a Dexie transaction (runAction's join) fire the hooks instead,
 * never both. Returns the unsubscribe function.
 */
export function onActionAdded(db: DeskDb, table: ActionTable, listener: AddedListener): () => void {
  const byTable = addedListeners.get(db) ?? new Map<ActionTable, Set<AddedListener>>();
  addedListeners.set(db, byTable);
  const set = byTable.get(table) ?? new Set<AddedListener>();
  byTable.set(table, set);
  set.add(listener);
  return () => void set.delete(listener);
}

/**
 * A read's answer, for native transactions (user actions, pulled pages written ahead). Marked as
 * handled: a body issues its reads before its writes and may fail on a write before it awaits
 * them; the action then fails with that write's error, and the reads aborted with it are
 * nobody's to report.
 */
export function request<T, R = T>(req: IDBRequest<T>, read: (result: T) => R = (result) => result as unknown as R): Promise<R> {
  const answer = new Promise<R>((resolve, reject) => {
    req.onsuccess = () => resolve(read(req.result));
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
  answer.catch(() => undefined);
  return answer;
}

/**
 * Commits as soon as the body has issued its writes. Left to itself, IndexedDB commits only
 * once every write's answer has come back to this thread and nothing new was asked: one more
 * round trip per action (the offline-writes bench: 9.5 → 8.2 s for 10,000 actions). A body
 * that left the transaction (awaited something else) finds it already committing; that is no
 * error here, its outcome still arrives through `oncomplete`/`onabort`.
 */
function commitNow(tx: IDBTransaction): void {
  try {
    tx.commit();
  } catch {
    // already committing or finished: nothing to speed up
  }
}

/**
 * One native IndexedDB transaction for one action. Dexie's transaction machinery (zones,
 * its promise, middleware and hooks) cost the offline-writes bench about three times the bare
 * IndexedDB transaction per action; the data and its atomicity are the same, and observers
 * are told afterwards (announce).
 */
async function nativeAction<T>(db: DeskDb, tables: readonly ActionTable[], body: (stores: ActionStores) => Promise<T>): Promise<T> {
  if (!db.isOpen()) {
    // As Dexie's own queries: opened on first use, but never again once closed on purpose (sign-out).
    if (db.hasBeenClosed()) throw new Dexie.DatabaseClosedError();
    await db.open();
  }
  const tx = db.backendDB().transaction(tables as ActionTable[], 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Dexie.AbortError('transaction aborted'));
  });
  done.catch(() => undefined); // awaited below; an abort after a failing body reports the body's error
  const touched = new Map<ActionTable, IndexableType[]>();
  let rolledBack = false;
  const listening = addedListeners.get(db);
  const added: Array<[Set<AddedListener>, object]> = [];
  /** An index, or the store itself for `:id` (its primary key, as Dexie names it). */
  const source = (table: ActionTable, index: string): IDBObjectStore | IDBIndex => (index === ':id' ? tx.objectStore(table) : tx.objectStore(table).index(index));
  const track = (table: ActionTable, req: IDBRequest<IDBValidKey>) => {
    req.onsuccess = () => {
      const keys = touched.get(table) ?? [];
      keys.push(req.result as IndexableType);
      touched.set(table, keys);
    };
  };
  const stores: ActionStores = {
    get: (table, key) => request(tx.objectStore(table).get(key)),
    firstBy: (table, index, value) => request(tx.objectStore(table).index(index).get(value)),
    lastKeyBetween: (table, index, lower, upper) => request(source(table, index).openKeyCursor(IDBKeyRange.bound(lower, upper), 'prev'), (cursor) => cursor?.key),
    firstPrimaryKeys: (table, index, lower, upper, count) => request(source(table, index).getAllKeys(IDBKeyRange.bound(lower, upper), count)),
    put: (table, row) => track(table, tx.objectStore(table).put(row)),
    add: (table, row) => {
      track(table, tx.objectStore(table).add(row));
      const heard = listening?.get(table);
      if (heard && heard.size > 0) added.push([heard, row]);
    },
    delete: (table, key) => {
      tx.objectStore(table).delete(key);
      const keys = touched.get(table) ?? [];
      keys.push(key);
      touched.set(table, keys);
    },
    rollback: () => void (rolledBack = true),
  };
  let result: T;
  try {
    result = await body(stores);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already finished or aborted: nothing was written either way
    }
    throw error;
  }
  if (rolledBack) {
    try {
      tx.abort();
    } catch {
      // already aborted (a failing write): nothing was kept either way
    }
    await done.catch(() => undefined);
    return result;
  }
  commitNow(tx);
  await done;
  announceCommitted(db, touched);
  for (const [heard, row] of added) for (const listener of heard) listener(row);
  return result;
}

/**
 * The same body inside the Dexie transaction already open around the caller (so it joins it).
 * Its writes are held until the body is done and then issued in order: a rollback cannot undo
 * part of a transaction that is not its own, so it drops them before they are made.
 */
async function dexieAction<T>(db: DeskDb, tables: readonly ActionTable[], body: (stores: ActionStores) => Promise<T>): Promise<T> {
  return db.transaction('rw', tables as ActionTable[], async () => {
    const writes: Array<() => Promise<unknown>> = [];
    let rolledBack = false;
    const stores: ActionStores = {
      get: (table, key) => db.table(table).get(key),
      firstBy: (table, index, value) => db.table(table).where(index).equals(value).first(),
      lastKeyBetween: async (table, index, lower, upper) => (await db.table(table).where(index).between(lower, upper, true, true).reverse().limit(1).keys())[0] as IDBValidKey | undefined,
      firstPrimaryKeys: (table, index, lower, upper, count) => db.table(table).where(index).between(lower, upper, true, true).limit(count).primaryKeys() as Promise<IDBValidKey[]>,
      put: (table, row) => void writes.push(() => db.table(table).put(row)),
      add: (table, row) => void writes.push(() => db.table(table).add(row)),
      delete: (table, key) => void writes.push(() => db.table(table).delete(key)),
      rollback: () => void (rolledBack = true),
    };
    const result = await body(stores);
    if (!rolledBack) await Promise.all(writes.map((write) => write()));
    return result;
  });
}

/**
 * Runs one user action (its record change and its outbox row) as one IndexedDB transaction:
 * all of it commits or none. Called inside a Dexie transaction (e.g. a recovery that commits
 * several chunks at once), it joins that transaction instead, so the caller's atomicity holds.
 */
export function runAction<T>(db: DeskDb, tables: readonly ActionTable[], body: (stores: ActionStores) => Promise<T>): Promise<T> {
  return Dexie.currentTransaction ? dexieAction(db, tables, body) : nativeAction(db, tables, body);
}
