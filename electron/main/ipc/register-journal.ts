import type { UserJournals } from '../services/user-journals';
import { handle } from './handle';

/** `journal:append`, `journal:replay`, `journal:trim`, each on the named user's own journal. */
export function registerJournalIpc(journals: Pick<UserJournals, 'of'>): void {
  handle('journal:append', (owner, entries) => journals.of(owner).append(entries));
  handle('journal:replay', (owner) => journals.of(owner).replay());
  handle('journal:trim', (owner, ids) => journals.of(owner).trim(ids));
}
