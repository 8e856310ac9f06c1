import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { MutationSchema } from '@shared/sync/mutations';
import { commitNoteDraft, commitNoteText, loadNote, saveCallRecord, saveNoteDraft } from './call-repository';
import { DeskDb } from './db';
import { recoverOrphanDrafts } from './draft-recovery';
import { chunkOf } from './note-chunks';
import { outboxStats } from './outbox';
import { plantSegment } from '../../../test/fakes/web/note-segments';

const record = (patch: Partial<CallRecord> = {}): CallRecord => ({
  id: '6f1c1f0e-8a43-4c1e-9a59-2f6f8e1b0c11',
  sipCallId: 'abc@host',
  direction: 'inbound',
  remoteNumber: '13800138000',
  dialedNumber: '96110',
  startedAt: 1_700_000_000_000,
  answeredAt: null,
  endedAt: null,
  endReason: null,
  ...patch,
});

describe('call repository', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('writes the record and its mutation together, and skips unchanged saves', async () => {
    await saveCallRecord(db, record());
    await saveCallRecord(db, record());
    await saveCallRecord(db, record({ answeredAt: 1_700_000_001_000 }));
    expect(await db.callRecords.count()).toBe(1);
    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows.map((r) => r.mutation.name)).toEqual(['callRecord.upsert', 'callRecord.upsert']);
    for (const row of rows) expect(MutationSchema.safeParse(row.mutation).success).toBe(true);
  });

  it('rolls back the record when the outbox write fails', async () => {
    // The action is a native IndexedDB transaction: fail the outbox's own add request.
    const add = IDBObjectStore.prototype.add;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'outbox') throw new DOMException('disk full', 'QuotaExceededError');
      return add.apply(this, args);
    });
    try {
      await expect(saveCallRecord(db, record())).rejects.toThrow('disk full');
    } finally {
      spy.mockRestore();
    }
    expect(await db.callRecords.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('turns drafts into ordered immutable segments with their mutations', async () => {
    const id = record().id;
    await saveNoteDraft(db, id, 'caller says account frozen');
    expect((await loadNote(db, id)).draft).toBe('caller says account frozen');
    const first = await commitNoteDraft(db, id);
    await saveNoteDraft(db, id, 'advised to contact the freezing authority');
    const second = await commitNoteDraft(db, id);
    expect(await commitNoteDraft(db, id)).toBeNull();
    const note = await loadNote(db, id);
    expect(note.draft).toBe('');
    expect(note.segments.map((s) => [s.index, s.text])).toEqual([
      [0, 'caller says account frozen'],
      [1, 'advised to contact the freezing authority'],
    ]);
    expect(first?.id).not.toBe(second?.id);
    expect((await outboxStats(db)).pending).toBe(2);
  });

  it('keeps a draft typed after the commit, and drops an older save of the committed words', async () => {
    const id = record().id;
    await saveNoteDraft(db, id, 'caller was told to tra');
    await commitNoteText(db, id, 'caller was told to transfer money');
    expect((await loadNote(db, id)).draft).toBe('');
    await commitNoteText(db, id, 'second paragraph');
    // Typed just after "third" was committed on screen, its save landing before the commit's write.
    const committedAt = Date.now();
    await saveNoteDraft(db, id, 'typed right after', committedAt + 5);
    await commitNoteText(db, id, 'third', committedAt);
    const note = await loadNote(db, id);
    expect(note.draft).toBe('typed right after');
    expect(note.segments.map((s) => s.text)).toEqual(['caller was told to transfer money', 'second paragraph', 'third']);
  });

  it('drops a draft edited (not appended to) just before the commit, so recovery never resurrects it', async () => {
    const id = record().id;
    // Pinyin saved by the last tick, then the IME turned it into characters and Ctrl+Enter came
    // within 200 ms, before the next tick: the stored draft is not a prefix of the committed text.
    const t0 = Date.now();
    await saveNoteDraft(db, id, '来电人称 shoudao duanxin', t0);
    await commitNoteText(db, id, '来电人称收到短信', t0 + 120);
    expect(await db.noteDrafts.get(id)).toBeUndefined();
    // A correction (words deleted, not appended) is superseded the same way.
    await saveNoteDraft(db, id, 'caller sent 5000 yaun to a safe account', t0 + 300);
    await commitNoteText(db, id, 'caller sent money', t0 + 400);
    // The next start: nothing left to recover, no extra paragraph holding the corrected words.
    expect(await recoverOrphanDrafts(db, undefined)).toBe(0);
    expect((await loadNote(db, id)).segments.map((s) => s.text)).toEqual(['来电人称收到短信', 'caller sent money']);
  });

  it('numbers a segment after the stored last one when another window committed in between (the guess was stale)', async () => {
    const id = record().id;
    await commitNoteText(db, id, 'first');
    // Another window of this desk commits to the same call: this window's guess (next is 1) is stale.
    await plantSegment(db, { id: crypto.randomUUID(), callRecordId: id, index: 1, text: 'from the other window', createdAt: 1 });
    const third = await commitNoteText(db, id, 'third');
    expect(third?.index).toBe(2);
    expect((await loadNote(db, id)).segments.map((s) => [s.index, s.text])).toEqual([
      [0, 'first'],
      [1, 'from the other window'],
      [2, 'third'],
    ]);
    // The wrong first try left nothing behind: one mutation per committed segment.
    const queued = (await db.outbox.toArray()).map((r) => r.mutation.args as { index: number });
    expect(queued.map((a) => a.index)).toEqual([0, 2]);
  });

  it('numbers after segments this window never wrote (pulled, or from before a restart), and after one another window wrote at its own last index', async () => {
    const id = record().id;
    // Pulled, all three in one chunk as a pulled page stores them: this window knows nothing of
    // the call, so its first guess (index 0) is wrong, and the chunk's key names the last index.
    await db.noteChunks.put(chunkOf([0, 1, 2].map((index) => ({ id: crypto.randomUUID(), callRecordId: id, index, text: `pulled ${index}`, createdAt: index }))));
    expect((await commitNoteText(db, id, 'mine'))?.index).toBe(3);
    // Another window numbered its segment 3 as well (both were offline): the next one goes after both.
    await plantSegment(db, { id: crypto.randomUUID(), callRecordId: id, index: 3, text: 'other window', createdAt: 9 });
    expect((await commitNoteText(db, id, 'next'))?.index).toBe(4);
    expect((await commitNoteText(db, id, 'and next'))?.index).toBe(5);
    const queued = (await db.outbox.toArray()).map((r) => (r.mutation.args as { index: number }).index);
    expect(queued).toEqual([3, 4, 5]);
  });

  it('keeps the agent a record was logged by when a later save does not name one, and writes nothing for an unchanged save', async () => {
    const r = record();
    await saveCallRecord(db, r, 'agent-7');
    await saveCallRecord(db, { ...r, endedAt: r.startedAt + 1000, endReason: 'remote-hangup' });
    expect(await db.callRecords.get(r.id)).toMatchObject({ agentId: 'agent-7', endReason: 'remote-hangup' });
    await saveCallRecord(db, { ...r, endedAt: r.startedAt + 1000, endReason: 'remote-hangup' });
    expect(await db.outbox.count()).toBe(2);
  });

  it('a first save of a record another window already stored is refused by IndexedDB and saved the careful way, keeping its agent', async () => {
    const r = record();
    const other = new DeskDb(db.name);
    try {
      await saveCallRecord(other, r, 'agent-7');
      // This window has never saved the call: its `add` finds the key taken and falls back to read, then write.
      await saveCallRecord(db, { ...r, answeredAt: r.startedAt + 500 });
      expect(await db.callRecords.toArray()).toEqual([{ ...r, answeredAt: r.startedAt + 500, agentId: 'agent-7' }]);
      expect((await db.outbox.toArray()).map((row) => (row.mutation.args as CallRecord).answeredAt)).toEqual([null, r.startedAt + 500]);
      // Unchanged facts from the window that wrote them last: nothing queued.
      await saveCallRecord(db, { ...r, answeredAt: r.startedAt + 500 });
      expect(await db.outbox.count()).toBe(2);
    } finally {
      other.close();
    }
  });

  it('a later save that names no agent keeps the one another window gave the row', async () => {
    const r = record();
    const other = new DeskDb(db.name);
    try {
      await saveCallRecord(db, r);
      await saveCallRecord(other, { ...r, answeredAt: r.startedAt + 500 }, 'agent-7');
      // This window's last save named no agent: the stored row's agent is read and kept.
      await saveCallRecord(db, { ...r, answeredAt: r.startedAt + 500, endedAt: r.startedAt + 9000, endReason: 'remote-hangup' });
      expect(await db.callRecords.get(r.id)).toEqual({ ...r, answeredAt: r.startedAt + 500, endedAt: r.startedAt + 9000, endReason: 'remote-hangup', agentId: 'agent-7' });
      expect(await db.outbox.count()).toBe(3);
    } finally {
      other.close();
    }
  });

  it('a later save naming the agent writes the new facts at once; the same facts again write nothing', async () => {
    const r = record();
    await saveCallRecord(db, r, 'agent-7');
    const ended = { ...r, endedAt: r.startedAt + 9000, endReason: 'remote-hangup' as const };
    await saveCallRecord(db, ended, 'agent-7');
    await saveCallRecord(db, ended, 'agent-7');
    expect(await db.callRecords.toArray()).toEqual([{ ...ended, agentId: 'agent-7' }]);
    expect(await db.outbox.count()).toBe(2);
  });

  it('refuses blank text without writing anything', async () => {
    expect(await commitNoteText(db, record().id, '  \n ')).toBeNull();
    expect(await db.outbox.count()).toBe(0);
  });
});
