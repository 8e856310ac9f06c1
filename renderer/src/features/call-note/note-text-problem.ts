import { NOTE_SEGMENT_MAX_CHARS } from '@shared/schemas/call-record';
import { unsafeTextCode } from '@shared/text/safe-text';

/** Why the composer's text cannot become a segment: an i18n key and its values, or null. */
export interface NoteTextProblem {
  key: 'note.tooLong' | 'note.badCharacters';
  values: Record<string, number>;
}

/**
 * The composer's own check, the same rules as the segment schema (`NoteSegmentSchema`), so
 * the person learns at once, naming the limit, instead of the record store refusing the
 * paragraph later: over-long text, NUL, or a lone surrogate (text from a broken paste).
 */
export function noteTextProblem(text: string): NoteTextProblem | null {
  if (text.length > NOTE_SEGMENT_MAX_CHARS) return { key: 'note.tooLong', values: { max: NOTE_SEGMENT_MAX_CHARS, length: text.length } };
  if (unsafeTextCode(text)) return { key: 'note.badCharacters', values: {} };
  return null;
}
