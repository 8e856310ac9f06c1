import { useEffect } from 'react';

type Inserter = (text: string) => void;

/** The composer that currently takes insertions (the open call's note); null when none is shown. */
let current: Inserter | null = null;
/** Reads the open note's whole text (committed paragraphs and the draft). */
let reader: (() => string) | null = null;

/**
 * Inserts text (a filled template, a look-up summary) into the open note's composer, as if
 * typed: it joins the draft and is saved with it. Returns false when no note is open.
 */
export function insertIntoNote(text: string): boolean {
  if (!current) return false;
  current(text);
  return true;
}

/** The open note's text as shown (paragraphs, then the draft); '' when no note is open. */
export function readNote(): string {
  return reader?.() ?? '';
}

/** Registers the mounted note composer as the insertion target (and, with `read`, as what `readNote` reads) while it is mounted. */
export function useNoteInsertionTarget(insert: Inserter, read?: () => string): void {
  useEffect(() => {
    current = insert;
    reader = read ?? null;
    return () => {
      if (current === insert) {
        current = null;
        reader = null;
      }
    };
  }, [insert, read]);
}
