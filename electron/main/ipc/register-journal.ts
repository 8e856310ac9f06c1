import type { NoteJournal } from '../services/note-journal';
import { handle } from './handle';

/** `journal:append`, `journal:replay`, `journal:trim`. */
export function registerJournalIpc(journal: Pick<NoteJournal, 'append' | 'replay' | 'trim'>): void {
  handle('journal:append', (entries) => journal.append(entries));
  handle('journal:replay', () => journal.replay());
  handle('journal:trim', (ids) => journal.trim(ids));
}
