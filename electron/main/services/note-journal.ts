import { mkdir, open, readFile, rename, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JournalEntrySchema } from '@shared/ipc/contract';
import type { JournalEntry } from '@shared/ipc/contract';
import { writeFileAtomic } from './atomic-write';

/**
 * The second, durable copy of unsynced note segments (design.md §4): an append-only
 * JSON-lines file in userData. Each append is fsync'd before it is acknowledged, so a
 * power cut loses at most the append in flight; that one shows up as a torn last line,
 * which replay skips and the next append cuts off. Trim drops acknowledged entries by
 * rewriting the file atomically.
 */

/** The file-system calls the journal uses; injectable so tests can observe the syncs. */
export interface JournalFs {
  open: typeof open;
  rename: typeof rename;
}

const nodeFs: JournalFs = { open, rename };

/** The journal behind the `journal:*` channels. */
export class NoteJournal {
  private queue: Promise<unknown> = Promise.resolve();
  private tailChecked = false;

  constructor(
    private readonly filePath: string,
    private readonly fs: JournalFs = nodeFs,
  ) {}

  /** Appends entries and returns once they are on disk. */
  append(entries: readonly JournalEntry[]): Promise<void> {
    return this.serial(async () => {
      if (entries.length === 0) return;
      const lines = entries.map((entry) => `${JSON.stringify(JournalEntrySchema.parse(entry))}\n`).join('');
      await mkdir(dirname(this.filePath), { recursive: true });
      await this.cutTornTail();
      const handle = await this.fs.open(this.filePath, 'a', 0o600);
      try {
        await handle.appendFile(lines, 'utf8');
        await handle.datasync();
      } finally {
        await handle.close();
      }
    });
  }

  /** Every intact entry in append order; for a repeated id the latest copy wins. */
  replay(): Promise<JournalEntry[]> {
    return this.serial(() => this.readEntries());
  }

  /** Removes acknowledged entries, keeping everything else. */
  trim(acknowledgedIds: readonly string[]): Promise<void> {
    return this.serial(async () => {
      const acknowledged = new Set(acknowledgedIds);
      const all = await this.readEntries();
      const kept = all.filter((entry) => !acknowledged.has(entry.id));
      if (kept.length === all.length && this.tailChecked) return;
      const text = kept.map((entry) => `${JSON.stringify(entry)}\n`).join('');
      await writeFileAtomic(this.filePath, text, { mode: 0o600, fs: this.fs });
      // The rewrite holds whole lines only.
      this.tailChecked = true;
    });
  }

  private async readEntries(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const byId = new Map<string, JournalEntry>();
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const entry = parseLine(line);
      if (entry) {
        byId.delete(entry.id);
        byId.set(entry.id, entry);
      } else if (index < lines.length - 1) {
        // A bad line in the middle is not a torn write; worth a trace, still not fatal.
        console.warn(`Note journal: skipping unreadable line ${index + 1}`);
      }
    });
    return [...byId.values()];
  }

  /**
   * A crash mid-append leaves a last line without its newline; appending after it would
   * glue the next entry onto it and lose that one too. Cut the file back to the last
   * complete line once, before the first append.
   */
  private async cutTornTail(): Promise<void> {
    if (this.tailChecked) return;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      bytes = Buffer.alloc(0);
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) {
      await truncate(this.filePath, bytes.lastIndexOf(0x0a) + 1);
    }
    this.tailChecked = true;
  }

  /** Runs operations one at a time so a trim never interleaves with an append. */
  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function parseLine(line: string): JournalEntry | null {
  try {
    const parsed = JournalEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
