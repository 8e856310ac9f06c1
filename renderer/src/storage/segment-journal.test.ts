import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '@shared/ipc/contract';
import { commitNoteText, loadNote } from './call-repository';
import { DeskDb } from './db';
import { chunkOf, removeSegments } from './note-chunks';
import { segmentById } from '../../../test/fakes/web/note-segments';
import { MemoryHost } from '../host/memory-host';
import { applyPulledPage } from './pulled-changes';
import { attachSegmentJournal, journalOf, replaySegmentJournal, trimAcknowledged } from './segment-journal';

const CALL = '3d0f6f7e-1b9a-4c55-8f3e-6a0c2b9d4e11';

/** The host journal as a map, like the memory host keeps it. */
function fakeJournal() {
  const entries = new Map<string, JournalEntry>();
  return {
    entries,
    durable: true,
    append: async (list: JournalEntry[]) => list.forEach((e) => entries.set(e.id, e)),
    replay: async () => [...entries.values()],
    trim: async (ids: string[]) => ids.forEach((id) => entries.delete(id)),
  };
}

describe('segment journal', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('journals a segment once its transaction committed, and only then', async () => {
    const journal = fakeJournal();
    const detach = attachSegmentJournal(db, journal);
    const segment = await commitNoteText(db, CALL, '来电人称收到“冻结解冻费”短信');
    await expect.poll(() => journal.entries.size).toBe(1);
    expect(journal.entries.get(segment!.id)!.payload).toEqual(segment);
    // A failed transaction journals nothing.
    await db.transaction('rw', db.noteChunks, async () => {
      await db.noteChunks.add(chunkOf([{ ...segment!, id: crypto.randomUUID(), index: 9 }]));
      throw new Error('abort');
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
    expect(journal.entries.size).toBe(1);
    detach();
  });

  it('journals none of the segments a pull brings (they are the record store\'s already), only this desk\'s own', async () => {
    const journal = fakeJournal();
    const detach = attachSegmentJournal(db, journal);
    const pulled = { id: crypto.randomUUID(), callRecordId: CALL, index: 0, text: '同事的记录', createdAt: 1 };
    await applyPulledPage(db, { changes: [{ seq: 1, entity: 'noteSegment', id: pulled.id, data: pulled }], cursor: 1, purgedThrough: 0 });
    expect(await segmentById(db, pulled.id)).toEqual(pulled);
    const own = await commitNoteText(db, CALL, '本机记录');
    await expect.poll(() => journal.entries.size).toBe(1);
    expect([...journal.entries.keys()]).toEqual([own!.id]);
    detach();
  });

  it('restores segments IndexedDB lost, queued for the record store, and only those', async () => {
    const journal = fakeJournal();
    const detach = attachSegmentJournal(db, journal);
    await commitNoteText(db, CALL, 'first');
    await commitNoteText(db, CALL, 'second');
    await expect.poll(() => journal.entries.size).toBe(2);
    detach();
    // The profile is wiped: a brand-new database, the journal survives.
    await db.delete();
    db = new DeskDb(`test-${crypto.randomUUID()}`);
    expect(await replaySegmentJournal(db, journal)).toBe(2);
    expect((await loadNote(db, CALL)).segments.map((s) => s.text)).toEqual(['first', 'second']);
    expect(await db.outbox.count()).toBe(2);
    // Replaying again changes nothing.
    expect(await replaySegmentJournal(db, journal)).toBe(0);
    expect(await db.outbox.count()).toBe(2);
  });

  it('trims entries only after the record store acknowledged them (no outbox row left)', async () => {
    const journal = fakeJournal();
    attachSegmentJournal(db, journal);
    await commitNoteText(db, CALL, 'waiting');
    await expect.poll(() => journal.entries.size).toBe(1);
    expect(await trimAcknowledged(db, journal)).toBe(0);
    await db.outbox.clear(); // what the push loop does after the acknowledgement
    expect(await trimAcknowledged(db, journal)).toBe(1);
    expect(journal.entries.size).toBe(0);
  });

  it('a segment removed on purpose leaves the journal and is never restored; what the removal keeps is not journaled again', async () => {
    const journal = fakeJournal();
    const detach = attachSegmentJournal(db, journal);
    const pulled = { id: crypto.randomUUID(), callRecordId: CALL, index: 0, text: '同事的记录', createdAt: 1 };
    await applyPulledPage(db, { changes: [{ seq: 1, entity: 'noteSegment', id: pulled.id, data: pulled }], cursor: 1, purgedThrough: 0 });
    const refused = await commitNoteText(db, CALL, '被拒收的记录');
    const kept = await commitNoteText(db, CALL, '保留的记录');
    await expect.poll(() => [...journal.entries.keys()].sort()).toEqual([refused!.id, kept!.id].sort());
    // A removal that aborts trims nothing.
    await db.transaction('rw', db.noteChunks, async () => {
      await removeSegments(db, (segment) => segment.id === kept!.id, CALL);
      throw new Error('abort');
    }).catch(() => undefined);
    // The refused one is discarded (as a dead letter is): the call's other segments are stored again as one chunk.
    await db.transaction('rw', db.noteChunks, () => removeSegments(db, (segment) => segment.id === refused!.id, CALL));
    await expect.poll(() => [...journal.entries.keys()]).toEqual([kept!.id]);
    await new Promise((r) => setTimeout(r, 20));
    expect([...journal.entries.keys()]).toEqual([kept!.id]);
    expect((await loadNote(db, CALL)).segments.map((s) => s.text)).toEqual(['同事的记录', '保留的记录']);
    detach();
    // The next start: nothing to restore, nothing queued again.
    const queued = await db.outbox.count();
    expect(await replaySegmentJournal(db, journal)).toBe(0);
    expect(await db.outbox.count()).toBe(queued);
  });

  it("on a shared desk, B's sign-in never replays A's unsent segments; A's next sign-in does", async () => {
    const host = new MemoryHost();
    const A = '0b9c5a1e-6f4d-4c1b-9a55-2f6f1f0e0a01';
    const B = '5d7e3c2a-1b4f-4e8d-8c6a-9e0f1a2b3c04';
    // A writes a note; IndexedDB then loses it (the journal is the only copy left).
    const detach = attachSegmentJournal(db, journalOf(host.journal, A));
    await commitNoteText(db, CALL, 'A 的未发送记录');
    await expect.poll(async () => (await host.journal.replay(A)).length).toBe(1);
    detach();
    // B signs in on the same machine: their own database, their own journal.
    const dbB = new DeskDb(`test-${crypto.randomUUID()}`);
    try {
      expect(await replaySegmentJournal(dbB, journalOf(host.journal, B))).toBe(0);
      expect(await dbB.noteChunks.count()).toBe(0);
      expect(await dbB.outbox.count()).toBe(0);
      // B's trim (nothing of B's pending) leaves A's entry alone.
      await trimAcknowledged(dbB, journalOf(host.journal, B));
      expect(await host.journal.replay(A)).toHaveLength(1);
    } finally {
      await dbB.delete();
    }
    // A signs in again on a fresh profile: the words come back, queued under A.
    await db.delete();
    db = new DeskDb(`test-${crypto.randomUUID()}`);
    expect(await replaySegmentJournal(db, journalOf(host.journal, A))).toBe(1);
    expect((await loadNote(db, CALL)).segments.map((s) => s.text)).toEqual(['A 的未发送记录']);
  });
});
