import Dexie from 'dexie';
import { afterEach } from 'vitest';

/** The stores as schema versions 7 and 8 shipped them (8 changed only what the meta rows hold). */
const SHIPPED_STORES = {
  callRecords: 'id, startedAt',
  noteSegments: 'id, [callRecordId+index]',
  noteDrafts: 'callRecordId',
  outbox: '++seq, entityKey',
  deadLetters: 'mutationId, at',
  meta: 'key',
  cases: 'id, callRecordId, callerNumber, createdAt',
  freezeLookups: 'id, expiresAt',
  templates: 'id, key',
  followUps: 'id, dueAt, caseId, [assigneeId+state]',
};

/** A database named `name` at a schema version that shipped, for upgrade tests: fill it, close it, open it as a DeskDb. */
export function openShipped(name: string, version: 7 | 8): Dexie {
  const old = new Dexie(name);
  old.version(version).stores(SHIPPED_STORES);
  return old;
}

/** Registers databases a test opens; each is closed and deleted after every test. */
export function trackedDatabases(): <T extends Dexie>(db: T) => T {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await db.delete();
    }
  });
  return (db) => (opened.push(db), db);
}
