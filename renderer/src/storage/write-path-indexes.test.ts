import { afterEach, describe, expect, it } from 'vitest';
import { commitNoteText } from './call-repository';
import { DeskDb } from './db';
import { loadSegments } from './note-chunks';

// Version 7 (issue 18): each index is one more write in every user action, so the tables
// written on every action keep only the indexes a query uses. These tests fail when an
// index creeps back in, and when a query that relied on a dropped one stops answering.
describe('write-path indexes (version 7)', () => {
  const opened: DeskDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await db.delete();
    }
  });
  const open = async () => {
    const db = new DeskDb(`indexes-${crypto.randomUUID()}`);
    opened.push(db);
    await db.open();
    return db;
  };
  const indexNames = (db: DeskDb, table: 'outbox' | 'callRecords' | 'noteChunks' | 'cases') => db.table(table).schema.indexes.map((i) => i.name).sort();

  it('keeps only the indexes that queries use on the tables every action writes', async () => {
    const db = await open();
    expect(indexNames(db, 'outbox')).toEqual(['entityKey']);
    expect(indexNames(db, 'callRecords')).toEqual(['startedAt']);
    // Note chunks have none: a call's chunks are a range of the primary key.
    expect(indexNames(db, 'noteChunks')).toEqual([]);
    expect(db.noteChunks.schema.primKey.keyPath).toEqual(['callRecordId', 'lastIndex', 'lastId']);
    expect(indexNames(db, 'cases')).toEqual(['callRecordId', 'callerNumber', 'createdAt']);
  });

  it("still finds a call's note segments by call record id (a range of the chunks' primary key)", async () => {
    const db = await open();
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    await commitNoteText(db, a, 'first');
    await commitNoteText(db, b, 'other call');
    await commitNoteText(db, a, 'second');
    const segments = await loadSegments(db, a);
    expect(segments.map((s) => [s.index, s.text])).toEqual([
      [0, 'first'],
      [1, 'second'],
    ]);
    // Each commit is one action: its segment and its mutation, together.
    expect(await db.outbox.count()).toBe(3);
  });
});
