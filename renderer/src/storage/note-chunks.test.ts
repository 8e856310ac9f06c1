import { describe, expect, it } from 'vitest';
import type { NoteSegment } from '@shared/schemas/call-record';
import type { Change } from '@shared/sync/protocol';
import { commitNoteText, loadNote } from './call-repository';
import { DeskDb } from './db';
import { chunkOf, loadSegments, removeSegments } from './note-chunks';
import { nextBatch, segmentOutboxRow } from './outbox';
import { applyPulledPage, sweepUnseen } from './pulled-changes';
import { openShipped, trackedDatabases } from '../../../test/fakes/web/shipped-schemas';

const segment = (callRecordId: string, index: number, text = `第${index}段`): NoteSegment => ({ id: crypto.randomUUID(), callRecordId, index, text, createdAt: 1_700_000_000_000 + index });
const texts = (segments: NoteSegment[]) => segments.map((s) => s.text);

describe('note chunks (a call\'s segments, one or more per row)', () => {
  const track = trackedDatabases();

  it('upgrades a version 8 database: every segment kept, a call per chunk, and a queued segment still sent with its text', async () => {
    const name = `chunks-upgrade-${crypto.randomUUID()}`;
    const old = openShipped(name, 8);
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const stored = [segment(a, 0), segment(a, 1), segment(b, 0, '另一通')];
    await old.table('noteSegments').bulkAdd(stored);
    // The last one waits in the outbox without its text (read back from the segment when sent).
    const checked = { mutationId: crypto.randomUUID(), mutation: { mutationId: crypto.randomUUID(), name: 'noteSegment.append', args: stored[2] }, createdAt: 1, attempts: 0, entityKey: `noteSegment:${stored[2]!.id}` };
    await old.table('outbox').add(segmentOutboxRow(checked as never, stored[2]!));
    old.close();

    const db = track(new DeskDb(name));
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('noteSegments');
    expect(await db.noteChunks.count()).toBe(2);
    expect(texts(await loadSegments(db, a))).toEqual(['第0段', '第1段']);
    expect(texts(await loadSegments(db, b))).toEqual(['另一通']);
    const [row] = await nextBatch(db, 10);
    expect(row?.mutation.args).toEqual(stored[2]);
    expect(row?.textInSegment).toBeUndefined();
    // The next segment of call a is numbered after the upgraded ones.
    expect((await commitNoteText(db, a, '升级后'))?.index).toBe(2);
  });

  it('shows a segment once when its pull-back lands beside this desk\'s own chunk, and numbers the next one after both', async () => {
    const db = track(new DeskDb(`chunks-${crypto.randomUUID()}`));
    const call = crypto.randomUUID();
    const first = (await commitNoteText(db, call, 'first'))!;
    const second = (await commitNoteText(db, call, 'second'))!;
    // Acknowledged: the outbox no longer holds them, so the pull-back is written, in one chunk.
    await db.outbox.clear();
    const back: Change[] = [first, second].map((s, i) => ({ seq: i + 1, entity: 'noteSegment', id: s.id, data: s }));
    await applyPulledPage(db, { changes: back, cursor: 2, purgedThrough: 0 });
    expect(await db.noteChunks.count()).toBe(2); // first's own chunk, and the pulled one (it replaced second's own)
    expect(texts((await loadNote(db, call)).segments)).toEqual(['first', 'second']);
    expect((await commitNoteText(db, call, 'third'))?.index).toBe(2);
    expect(texts(await loadSegments(db, call))).toEqual(['first', 'second', 'third']);
  });

  it('removing a chunk\'s last segment never loses what only another chunk held, and a queued segment\'s text is still found', async () => {
    const db = track(new DeskDb(`chunks-${crypto.randomUUID()}`));
    const call = crypto.randomUUID();
    const [s0, s1, s2] = [segment(call, 0), segment(call, 1), segment(call, 2)];
    // A pulled chunk ending with s1, and one ending with s2 that holds s1 too.
    await db.noteChunks.bulkPut([chunkOf([s0, s1]), chunkOf([s1, s2])]);
    // s1 also waits in the outbox (text kept in its segment).
    const checked = { mutationId: crypto.randomUUID(), mutation: { mutationId: crypto.randomUUID(), name: 'noteSegment.append', args: s1 }, createdAt: 1, attempts: 0 };
    await db.outbox.add(segmentOutboxRow(checked as never, s1));
    expect(await db.transaction('rw', db.noteChunks, () => removeSegments(db, (s) => s.id === s2.id, call))).toBe(1);
    expect(texts(await loadSegments(db, call))).toEqual(['第0段', '第1段']);
    // s1's own key ([call, 1, s1]) now names a chunk of s0 and s1: found either way.
    expect((await nextBatch(db, 10))[0]?.mutation.args).toMatchObject({ id: s1.id, text: '第1段' });
    // Removing the rest leaves no chunk behind.
    expect(await db.transaction('rw', db.noteChunks, () => removeSegments(db, () => true))).toBe(2);
    expect(await db.noteChunks.count()).toBe(0);
  });

  it("a re-bootstrap's sweep drops only the segments the server no longer has, keeping an unsent one and the rest of their call", async () => {
    const db = track(new DeskDb(`chunks-${crypto.randomUUID()}`));
    const [call, other] = [crypto.randomUUID(), crypto.randomUUID()];
    const [kept, gone, alsoKept] = [segment(call, 0, '留'), segment(call, 1, '已删'), segment(call, 2, '也留')];
    const elsewhere = segment(other, 0, '另一通');
    await db.noteChunks.bulkPut([chunkOf([kept, gone, alsoKept]), chunkOf([elsewhere])]);
    const unsent = (await commitNoteText(db, other, '未发送'))!;
    const seen = new Set([kept, alsoKept, elsewhere].map((s) => `noteSegment:${s.id}`));
    expect(await sweepUnseen(db, seen)).toBe(1);
    expect(texts(await loadSegments(db, call))).toEqual(['留', '也留']);
    expect(texts(await loadSegments(db, other))).toEqual(['另一通', '未发送']);
    expect((await nextBatch(db, 10)).map((row) => (row.mutation.args as { id: string; text: string }).text)).toEqual([unsent.text]);
  });

  it('finds a queued segment whose own chunk was folded into a pulled one keyed by a later segment', async () => {
    const db = track(new DeskDb(`chunks-${crypto.randomUUID()}`));
    const call = crypto.randomUUID();
    const [mine, later] = [segment(call, 0, '我的'), segment(call, 1, '之后')];
    const checked = { mutationId: crypto.randomUUID(), mutation: { mutationId: crypto.randomUUID(), name: 'noteSegment.append', args: mine }, createdAt: 1, attempts: 0 };
    await db.outbox.add(segmentOutboxRow(checked as never, mine));
    // No chunk is keyed by `mine`: only the call's range finds it.
    await db.noteChunks.put(chunkOf([mine, later]));
    expect((await nextBatch(db, 10))[0]?.mutation.args).toMatchObject({ id: mine.id, text: '我的' });
  });
});
