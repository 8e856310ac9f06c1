export { CallNotePanel } from './CallNotePanel';
export { insertIntoNote } from './note-insertion';
