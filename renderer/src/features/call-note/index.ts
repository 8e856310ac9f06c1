export { CallNotePanel } from './CallNotePanel';
export { insertIntoNote, readNote } from './note-insertion';
