import { join } from 'node:path';
import { JournalOwnerSchema } from '@shared/ipc/contract';
import { NoteJournal, type JournalFs } from './note-journal';

/**
 * One note journal per user of the installation (design.md §4: local data belongs to one
 * user). A shared desk's agents each get `<dir>/<userId>.jsonl`, so agent A's unsent
 * segments are never replayed into agent B's database nor pushed as B; they wait for A's
 * next sign-in.
 *
 * The single `note-journal.jsonl` of older builds is left where it is, untouched: its
 * entries name no owner, so adopting them for whoever signs in first could push one
 * agent's words as another. It is kept, never deleted, for an administrator to inspect.
 */
export class UserJournals {
  private readonly journals = new Map<string, NoteJournal>();

  constructor(
    private readonly dir: string,
    private readonly fs?: JournalFs,
  ) {}

  /** The journal of `owner` (a user id); one instance per owner so its operations stay serial. */
  of(owner: string): NoteJournal {
    // The IPC contract already checks this; the file name depends on it, so check again here.
    const id = JournalOwnerSchema.parse(owner);
    let journal = this.journals.get(id);
    if (!journal) {
      journal = new NoteJournal(join(this.dir, `${id}.jsonl`), this.fs);
      this.journals.set(id, journal);
    }
    return journal;
  }
}
