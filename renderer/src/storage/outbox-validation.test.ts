import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { commitNoteText, saveCallRecord } from './call-repository';
import { openCaseForCall, setCaseFields } from './case-repository';
import { DeskDb } from './db';
import { InvalidMutationError } from './outbox';

// One fixed record (same ids every call), so a case and its notes attach to it.
const fixed = callRecordFixture({ id: '6f1c1f0e-8a43-4c1e-9a59-2f6f8e1b0c11', sipCallId: 'abc@host', answeredAt: null });
const record = (patch: Partial<CallRecord> = {}): CallRecord => ({ ...fixed, ...patch });

/**
 * Nothing the record store would refuse is ever queued (issue 15): such a mutation used to
 * wait at the head of the outbox and, answered by a whole-batch 400 or a 500, hold back
 * every change behind it for good. The write is refused, with the field named, and nothing
 * of it is stored.
 */
describe('outbox: a mutation is checked against its schema before it is queued', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  const refusal = async (write: Promise<unknown>) => {
    const error = await write.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidMutationError);
    return (error as InvalidMutationError).fields;
  };

  it('refuses a note segment over 20,000 characters, storing neither segment nor mutation', async () => {
    await saveCallRecord(db, record());
    expect(await refusal(commitNoteText(db, record().id, '长'.repeat(20_001)))).toEqual({ 'args.text': 'too_big (max 20000)' });
    expect(await db.noteChunks.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1); // the call record only
    // At the limit it is fine.
    expect(await commitNoteText(db, record().id, '长'.repeat(20_000))).not.toBeNull();
  });

  it('refuses NUL and a lone surrogate in a note', async () => {
    await saveCallRecord(db, record());
    expect(await refusal(commitNoteText(db, record().id, 'before\u0000after'))).toEqual({ 'args.text': 'text-nul' });
    expect(await refusal(commitNoteText(db, record().id, 'half an emoji \uD83D'))).toEqual({ 'args.text': 'text-lone-surrogate' });
    expect(await db.noteChunks.count()).toBe(0);
    expect(await commitNoteText(db, record().id, 'a whole emoji 😀')).not.toBeNull();
  });

  it('refuses NUL in a SIP call id, storing no call record', async () => {
    expect(await refusal(saveCallRecord(db, record({ sipCallId: 'abc\u0000@host' })))).toEqual({ 'args.sipCallId': 'text-nul' });
    expect(await db.callRecords.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a case field with NUL, keeping the stored case as it was', async () => {
    await saveCallRecord(db, record());
    const opened = await openCaseForCall(db, record());
    const before = await db.cases.get(opened.id);
    await expect(setCaseFields(db, opened.id, { fields: { callerName: '张\u0000三' } })).rejects.toThrow(/text-nul/);
    expect(await db.cases.get(opened.id)).toEqual(before);
    expect(await db.outbox.count()).toBe(2);
  });
});
