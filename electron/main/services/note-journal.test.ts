import { appendFile, mkdtemp, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JournalEntry } from '@shared/ipc/contract';
import type { JournalFs } from './note-journal';
import { NoteJournal } from './note-journal';

let dir: string;
let file: string;
let syncs: string[];
let fs: JournalFs;

const entry = (id: string, text = id): JournalEntry => ({ id, kind: 'note-segment', payload: { text }, at: 1_700_000_000_000 });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-'));
  file = join(dir, 'note-journal.jsonl');
  syncs = [];
  // Wraps the real file handles to record every fsync/fdatasync.
  fs = {
    rename,
    open: (async (path: string, flags: string, mode?: number) => {
      const handle = await open(path, flags, mode);
      const datasync = handle.datasync.bind(handle);
      const sync = handle.sync.bind(handle);
      handle.datasync = async () => {
        syncs.push(`datasync ${flags}`);
        return datasync();
      };
      handle.sync = async () => {
        syncs.push(`sync ${flags}`);
        return sync();
      };
      return handle;
    }) as JournalFs['open'],
  };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('NoteJournal', () => {
  it('replays nothing when there is no file', async () => {
    await expect(new NoteJournal(file, fs).replay()).resolves.toEqual([]);
  });

  it('appends JSON lines and replays them in order', async () => {
    const journal = new NoteJournal(file, fs);
    await journal.append([entry('a'), entry('b')]);
    await journal.append([entry('c')]);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(3);
    await expect(new NoteJournal(file, fs).replay()).resolves.toEqual([entry('a'), entry('b'), entry('c')]);
  });

  it('fdatasyncs every append before resolving', async () => {
    const journal = new NoteJournal(file, fs);
    await journal.append([entry('a')]);
    expect(syncs).toEqual(['datasync a']);
    await journal.append([entry('b')]);
    expect(syncs).toEqual(['datasync a', 'datasync a']);
  });

  it('acknowledges only after the data is synced', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowFs: JournalFs = {
      rename,
      open: (async (...args: Parameters<typeof open>) => {
        const handle = await open(...args);
        const datasync = handle.datasync.bind(handle);
        handle.datasync = async () => {
          await gate;
          return datasync();
        };
        return handle;
      }) as JournalFs['open'],
    };
    let done = false;
    const pending = new NoteJournal(file, slowFs).append([entry('a')]).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    release();
    await pending;
    expect(done).toBe(true);
  });

  it('skips a torn last line on replay', async () => {
    await new NoteJournal(file, fs).append([entry('a'), entry('b')]);
    await appendFile(file, '{"id":"c","kind":"note-segm');
    await expect(new NoteJournal(file, fs).replay()).resolves.toEqual([entry('a'), entry('b')]);
  });

  it('cuts a torn tail before the next append so the new entry survives', async () => {
    await new NoteJournal(file, fs).append([entry('a')]);
    await appendFile(file, '{"id":"torn","ki');
    const journal = new NoteJournal(file, fs);
    await journal.append([entry('b')]);
    await expect(new NoteJournal(file, fs).replay()).resolves.toEqual([entry('a'), entry('b')]);
  });

  it('skips invalid lines and keeps the latest copy of a repeated id', async () => {
    await writeFile(file, `${JSON.stringify(entry('a', 'old'))}\nnot json\n${JSON.stringify({ id: '', kind: 'x', at: -1 })}\n${JSON.stringify(entry('a', 'new'))}\n`);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(new NoteJournal(file, fs).replay()).resolves.toEqual([entry('a', 'new')]);
    warn.mockRestore();
  });

  it('trims acknowledged entries and keeps the rest', async () => {
    const journal = new NoteJournal(file, fs);
    await journal.append([entry('a'), entry('b'), entry('c'), entry('d')]);
    await journal.trim(['b', 'd', 'never-journalled']);
    await expect(new NoteJournal(file, fs).replay()).resolves.toEqual([entry('a'), entry('c')]);
    await journal.append([entry('e')]);
    await expect(journal.replay()).resolves.toEqual([entry('a'), entry('c'), entry('e')]);
  });

  it('trims atomically: temp file synced, then renamed over, no temp left behind', async () => {
    const journal = new NoteJournal(file, fs);
    await journal.append([entry('a'), entry('b')]);
    const renames: [string, string][] = [];
    const watched: JournalFs = { open: fs.open, rename: async (from, to) => (renames.push([String(from), String(to)]), rename(from, to)) };
    syncs = [];
    await new NoteJournal(file, watched).trim(['a']);
    expect(renames).toHaveLength(1);
    expect(renames[0]![1]).toBe(file);
    expect(renames[0]![0]).not.toBe(file);
    expect(syncs[0]).toBe('sync w');
    expect(await readdir(dir)).toEqual(['note-journal.jsonl']);
  });

  it('a failed trim leaves the journal intact', async () => {
    const journal = new NoteJournal(file, fs);
    await journal.append([entry('a'), entry('b')]);
    const failing: JournalFs = { open: fs.open, rename: async () => Promise.reject(new Error('EIO')) };
    await expect(new NoteJournal(file, failing).trim(['a'])).rejects.toThrow('EIO');
    await expect(journal.replay()).resolves.toEqual([entry('a'), entry('b')]);
    expect(await readdir(dir)).toEqual(['note-journal.jsonl']);
  });

  it('serialises concurrent appends and trims', async () => {
    const journal = new NoteJournal(file, fs);
    await Promise.all([journal.append([entry('a')]), journal.append([entry('b')]), journal.trim(['a']), journal.append([entry('c')])]);
    await expect(journal.replay()).resolves.toEqual([entry('b'), entry('c')]);
  });

  it('refuses invalid entries without writing anything', async () => {
    const journal = new NoteJournal(file, fs);
    await expect(journal.append([entry('a'), { id: '', kind: 'x', at: 1 } as JournalEntry])).rejects.toThrow();
    await expect(journal.replay()).resolves.toEqual([]);
  });
});
