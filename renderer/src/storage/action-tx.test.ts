import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { onActionAdded, runAction } from './action-tx';
import { commitNoteText, saveCallRecord } from './call-repository';
import { DeskDb } from './db';
import { chunkOf, loadSegments, type NoteChunk } from './note-chunks';
import { callRecordFixture } from '../../../test/fakes/web/call-record';

/** An unanswered call record with fresh ids. */
const record = (patch: Partial<CallRecord> = {}): CallRecord => callRecordFixture({ answeredAt: null, ...patch });

describe('user actions as native transactions', () => {
  let db: DeskDb;
  beforeEach(async () => {
    db = new DeskDb(`test-${crypto.randomUUID()}`);
    await db.open();
  });
  afterEach(async () => {
    await db.delete();
  });

  it('tells live queries about a native write (Dexie does not see it by itself)', async () => {
    const seen: number[] = [];
    const sub = liveQuery(() => db.outbox.where('entityKey').above('').count()).subscribe((n) => seen.push(n));
    try {
      await vi.waitFor(() => expect(seen).toEqual([0]));
      await saveCallRecord(db, record());
      await vi.waitFor(() => expect(seen.at(-1)).toBe(1));
    } finally {
      sub.unsubscribe();
    }
  });

  it('refreshes a live query of rows (one Dexie would serve from its query cache)', async () => {
    const callId = crypto.randomUUID();
    const seen: string[][] = [];
    const sub = liveQuery(() => loadSegments(db, callId)).subscribe((rows) => seen.push(rows.map((r) => r.text)));
    try {
      await vi.waitFor(() => expect(seen).toEqual([[]]));
      await commitNoteText(db, callId, 'first');
      await vi.waitFor(() => expect(seen.at(-1)).toEqual(['first']));
      await commitNoteText(db, callId, 'second');
      await vi.waitFor(() => expect(seen.at(-1)).toEqual(['first', 'second']));
    } finally {
      sub.unsubscribe();
    }
  });

  it('keys the outbox row by its entity without the Dexie hook', async () => {
    const r = record();
    await saveCallRecord(db, r);
    expect((await db.outbox.toArray()).map((row) => row.entityKey)).toEqual([`callRecord:${r.id}`]);
  });

  it('tells added-row listeners only after the commit, and never for a failed action', async () => {
    const heard: string[] = [];
    const detach = onActionAdded(db, 'noteChunks', (row) => heard.push(...(row as NoteChunk).segments.map((segment) => segment.text)));
    const callId = crypto.randomUUID();
    await commitNoteText(db, callId, 'first');
    expect(heard).toEqual(['first']);
    await expect(
      runAction(db, ['noteChunks', 'outbox'], async (stores) => {
        stores.add('noteChunks', chunkOf([{ id: crypto.randomUUID(), callRecordId: callId, index: 9, text: 'lost', createdAt: 0 }]));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(heard).toEqual(['first']);
    expect(await db.noteChunks.count()).toBe(1);
    detach();
    await commitNoteText(db, callId, 'second');
    expect(heard).toEqual(['first']);
  });

  it('fails the whole action when a write request fails (a duplicate key), writing nothing', async () => {
    const r = record();
    await saveCallRecord(db, r);
    const before = await db.outbox.count();
    await expect(
      runAction(db, ['callRecords', 'outbox'], async (stores) => {
        stores.put('callRecords', { ...r, remoteNumber: '110' });
        stores.add('callRecords', r); // same key: ConstraintError aborts the transaction
      }),
    ).rejects.toBeTruthy();
    expect((await db.callRecords.get(r.id))?.remoteNumber).toBe(r.remoteNumber);
    expect(await db.outbox.count()).toBe(before);
  });

  it('never reopens a database closed on purpose (a late write after sign-out fails, as with Dexie)', async () => {
    db.close();
    await expect(saveCallRecord(db, record())).rejects.toThrow(/closed/i);
    expect(db.isOpen()).toBe(false);
    await db.open();
    expect(await db.callRecords.count()).toBe(0);
  });

  it('joins a Dexie transaction around it, so that transaction stays all or nothing', async () => {
    const r = record();
    await expect(
      db.transaction('rw', db.callRecords, db.outbox, async () => {
        await saveCallRecord(db, r);
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await db.callRecords.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('commits as soon as its writes are issued, not after their answers came back, and still writes nothing when the body fails', async () => {
    const commit = vi.spyOn(IDBTransaction.prototype, 'commit');
    try {
      await saveCallRecord(db, record());
      expect(commit).toHaveBeenCalledTimes(1);
      expect(await db.outbox.count()).toBe(1);
      await expect(
        runAction(db, ['callRecords', 'outbox'], async (stores) => {
          stores.put('callRecords', record());
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      // A failing body aborts instead: nothing of it is committed.
      expect(commit).toHaveBeenCalledTimes(1);
      expect(await db.callRecords.count()).toBe(1);
    } finally {
      commit.mockRestore();
    }
  });

  it('reads the row as it was before the writes issued after the read, and keeps nothing after a rollback', async () => {
    const r = record();
    const heard: unknown[] = [];
    const detach = onActionAdded(db, 'outbox', (row) => heard.push(row));
    try {
      const seen = await runAction(db, ['callRecords', 'outbox'], async (stores) => {
        const reading = stores.get<CallRecord>('callRecords', r.id);
        stores.put('callRecords', r);
        stores.add('outbox', { mutationId: crypto.randomUUID(), mutation: { name: 'callRecord.upsert', args: r }, createdAt: 0, attempts: 0 });
        const before = await reading;
        stores.rollback();
        return before ?? 'none';
      });
      expect(seen).toBe('none');
      expect(await db.callRecords.count()).toBe(0);
      expect(await db.outbox.count()).toBe(0);
      expect(heard).toEqual([]);
    } finally {
      detach();
    }
  });

  it('drops a rolled-back body’s writes inside a joined Dexie transaction, and keeps the rest of that transaction', async () => {
    const [kept, dropped] = [record(), record()];
    await db.transaction('rw', db.callRecords, db.outbox, async () => {
      await db.callRecords.put(kept);
      await runAction(db, ['callRecords'], async (stores) => {
        stores.put('callRecords', dropped);
        expect(await stores.get('callRecords', kept.id)).toMatchObject({ id: kept.id });
        stores.rollback();
      });
    });
    expect((await db.callRecords.toArray()).map((row) => row.id)).toEqual([kept.id]);
  });
});
