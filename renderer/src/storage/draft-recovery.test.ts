import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadNote, saveNoteDraft } from './call-repository';
import { DeskDb } from './db';
import { draftLockName, recoverableChunks, recoverOrphanDrafts } from './draft-recovery';
import { outboxStats } from './outbox';

/** A LockManager stand-in: names in `held` are taken by someone else. */
function fakeLocks(held: Set<string>) {
  return {
    request: (name: string, _options: LockOptions, callback: (lock: Lock | null) => Promise<boolean>) => callback(held.has(name) ? null : ({ name, mode: 'exclusive' } as Lock)),
  } as unknown as Pick<LockManager, 'request'>;
}

const A = '0b0e4b8e-7c39-4f49-9d4a-0e2b8a5e1a01';
const B = '0b0e4b8e-7c39-4f49-9d4a-0e2b8a5e1a02';

describe('recoverOrphanDrafts', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('commits a draft left behind by a crash as a segment queued for the record store', async () => {
    await saveNoteDraft(db, A, '来电人称已向“客服”转账 3 万元');
    expect(await recoverOrphanDrafts(db, fakeLocks(new Set()))).toBe(1);
    const note = await loadNote(db, A);
    expect(note.segments.map((s) => s.text)).toEqual(['来电人称已向“客服”转账 3 万元']);
    expect(note.draft).toBe('');
    expect((await outboxStats(db)).pending).toBe(1);
  });

  it('leaves alone a draft still open in an editor (its lock is held)', async () => {
    await saveNoteDraft(db, A, 'still typing');
    await saveNoteDraft(db, B, 'abandoned');
    expect(await recoverOrphanDrafts(db, fakeLocks(new Set([draftLockName(A)])))).toBe(1);
    expect((await loadNote(db, A)).draft).toBe('still typing');
    expect((await loadNote(db, A)).segments).toHaveLength(0);
    expect((await loadNote(db, B)).segments.map((s) => s.text)).toEqual(['abandoned']);
  });

  it('is idempotent: a second run commits nothing more', async () => {
    await saveNoteDraft(db, A, 'once');
    await recoverOrphanDrafts(db, fakeLocks(new Set()));
    expect(await recoverOrphanDrafts(db, fakeLocks(new Set()))).toBe(0);
    expect((await loadNote(db, A)).segments).toHaveLength(1);
  });

  it('skips blank drafts', async () => {
    await saveNoteDraft(db, A, '   ');
    expect(await recoverOrphanDrafts(db, fakeLocks(new Set()))).toBe(0);
  });

  it('recovers an over-long draft as several segments, losing no word, and still recovers the next draft', async () => {
    const long = '话'.repeat(45_000);
    await saveNoteDraft(db, A, long);
    await saveNoteDraft(db, B, 'short one');
    expect(await recoverOrphanDrafts(db, fakeLocks(new Set()))).toBe(2);
    const note = await loadNote(db, A);
    expect(note.segments.map((s) => s.text.length)).toEqual([20_000, 20_000, 5_000]);
    expect(note.segments.map((s) => s.text).join('')).toBe(long);
    expect((await loadNote(db, B)).segments.map((s) => s.text)).toEqual(['short one']);
    expect((await outboxStats(db)).pending).toBe(4);
  });
});

describe('recoverableChunks', () => {
  it('replaces NUL and lone surrogates and never cuts a surrogate pair', () => {
    expect(recoverableChunks('a\u0000b\uD800c')).toEqual(['a\uFFFDb\uFFFDc']);
    const chunks = recoverableChunks('ab😀cd', 3);
    expect(chunks.join('')).toBe('ab😀cd');
    for (const chunk of chunks) expect(chunk).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

