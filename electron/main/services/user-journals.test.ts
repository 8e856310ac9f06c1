import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '@shared/ipc/contract';
import { UserJournals } from './user-journals';

const A = '0b9c5a1e-6f4d-4c1b-9a55-2f6f1f0e0a01';
const B = '5d7e3c2a-1b4f-4e8d-8c6a-9e0f1a2b3c04';
const entry = (id: string): JournalEntry => ({ id, kind: 'noteSegment', payload: { text: id }, at: 1_700_000_000_000 });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'user-journals-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('UserJournals', () => {
  it("keeps each user's unsent segments in their own file: B never replays A's, A gets them back", async () => {
    const journals = new UserJournals(join(dir, 'note-journals'));
    await journals.of(A).append([entry('a-1'), entry('a-2')]);
    expect(await journals.of(B).replay()).toEqual([]);
    await journals.of(B).append([entry('b-1')]);
    // Trimming B's acknowledged entries never touches A's (even with A's ids).
    await journals.of(B).trim(['b-1', 'a-1']);
    // A fresh start (a new process): A's words are still there, and only A's.
    const restarted = new UserJournals(join(dir, 'note-journals'));
    expect((await restarted.of(A).replay()).map((e) => e.id)).toEqual(['a-1', 'a-2']);
    expect(await restarted.of(B).replay()).toEqual([]);
    expect((await readdir(join(dir, 'note-journals'))).sort()).toEqual([`${A}.jsonl`, `${B}.jsonl`].sort());
  });

  it('leaves the shared journal of older builds aside: replayed to nobody, never deleted', async () => {
    const legacy = join(dir, 'note-journal.jsonl');
    await writeFile(legacy, `${JSON.stringify(entry('old-1'))}\n`);
    const journals = new UserJournals(join(dir, 'note-journals'));
    expect(await journals.of(A).replay()).toEqual([]);
    await journals.of(A).trim(['old-1']);
    expect(await readdir(dir)).toContain('note-journal.jsonl');
  });

  it('refuses an owner that is not a file-safe user id (no path escapes)', () => {
    const journals = new UserJournals(dir);
    expect(() => journals.of('../../etc/passwd')).toThrow();
    expect(() => journals.of('')).toThrow();
  });
});
