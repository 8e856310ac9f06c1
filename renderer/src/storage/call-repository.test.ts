import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { MutationSchema } from '@shared/sync/mutations';
import { commitNoteDraft, commitNoteText, loadNote, saveCallRecord, saveNoteDraft } from './call-repository';
import { DeskDb } from './db';
import { outboxStats } from './outbox';

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
    await db.outbox.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(saveCallRecord(db, record())).rejects.toThrow('disk full');
    expect(await db.callRecords.count()).toBe(0);
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
    await saveNoteDraft(db, id, 'typed right after');
    await commitNoteText(db, id, 'third');
    const note = await loadNote(db, id);
    expect(note.draft).toBe('typed right after');
    expect(note.segments.map((s) => s.text)).toEqual(['caller was told to transfer money', 'second paragraph', 'third']);
  });

  it('refuses blank text without writing anything', async () => {
    expect(await commitNoteText(db, record().id, '  \n ')).toBeNull();
    expect(await db.outbox.count()).toBe(0);
  });
});
