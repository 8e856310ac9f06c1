/** Text as compared: whitespace runs (line breaks, spaces) count as one space. */
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Whether the note already holds this script (issue 17: a script already in the note is not
 * inserted twice without asking). Compared with whitespace squashed, so a script whose lines
 * were re-wrapped or that sits mid-paragraph is still found.
 */
export function scriptInNote(note: string, script: string): boolean {
  const s = squash(script);
  return s !== '' && squash(note).includes(s);
}
