import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NoteSegment } from '@shared/schemas/call-record';
import { commitNoteText } from './call-repository';
import { openCaseForCall, setCaseFields } from './case-repository';
import { DeskDb } from './db';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { segmentsOfCall } from '../../../test/fakes/web/note-segments';

/**
 * Two windows of one desk: two connections to the same database, each with its own guesses
 * (known-rows.ts is per connection), writing to the same call at the same moment. Every write
 * is guessed from what its own window last wrote, so the guesses go stale all the time; the
 * reads each action makes beside its writes must catch every one.
 */
describe('guessed writes from two windows at once', () => {
  let name: string;
  let a: DeskDb;
  let b: DeskDb;
  beforeEach(async () => {
    name = `windows-${crypto.randomUUID()}`;
    a = new DeskDb(name);
    b = new DeskDb(name);
    await Promise.all([a.open(), b.open()]);
  });
  afterEach(async () => {
    b.close();
    await a.delete();
  });

  it('numbers note segments without a gap or a repeat, one queued mutation per segment', async () => {
    const callId = crypto.randomUUID();
    const writes: Array<Promise<NoteSegment | null>> = [];
    for (let i = 0; i < 12; i++) writes.push(commitNoteText(a, callId, `a${i}`), commitNoteText(b, callId, `b${i}`));
    const segments = (await Promise.all(writes)) as NoteSegment[];
    const stored = await segmentsOfCall(a, callId);
    expect(stored.map((s) => s.index)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(new Set(stored.map((s) => s.text)).size).toBe(24);
    // What each call returned is what was stored, and the outbox carries exactly those.
    expect(new Map(segments.map((s) => [s.id, s.index]))).toEqual(new Map(stored.map((s) => [s.id, s.index])));
    const queued = (await a.outbox.toArray()).map((row) => row.mutation.args as NoteSegment);
    expect(queued.map((q) => [q.id, q.index]).sort()).toEqual(stored.map((s) => [s.id, s.index]).sort());
  });

  it('loses no field patch when both windows edit one case, each from its own stale guess', async () => {
    const opened = await openCaseForCall(a, callRecordFixture());
    // Window b writes first, so window a's guess (the case as it opened it) is stale from the start.
    await setCaseFields(b, opened.id, { fields: { advice: '先挂断，再拨 110' } });
    const edits: Array<Promise<unknown>> = [];
    for (let i = 0; i < 8; i++) {
      edits.push(setCaseFields(a, opened.id, { fields: { situation: `a${i}` } }));
      edits.push(setCaseFields(b, opened.id, { fields: { contactIdentifiers: `QQ b${i}` } }));
    }
    await Promise.all(edits);
    const stored = (await a.cases.get(opened.id))!;
    // Each window's edits apply in the order it made them; none of the other window's is lost.
    expect(stored.fields).toMatchObject({ advice: '先挂断，再拨 110', situation: 'a7', contactIdentifiers: 'QQ b7' });
    expect((await a.outbox.toArray()).filter((r) => r.mutation.name === 'case.setFields')).toHaveLength(17);
  });
});
