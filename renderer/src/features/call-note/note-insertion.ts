import { useEffect } from 'react';

type Inserter = (text: string) => void;

/** The composer that currently takes insertions (the open call's note); null when none is shown. */
let current: Inserter | null = null;

/**
 * Inserts text (a filled template, a look-up summary) into the open note's composer, as if
 * typed: it joins the draft and is saved with it. Returns false when no note is open.
 */
export function insertIntoNote(text: string): boolean {
  if (!current) return false;
  current(text);
  return true;
}

/** Registers the mounted note composer as the insertion target while it is mounted. */
export function useNoteInsertionTarget(insert: Inserter): void {
  useEffect(() => {
    current = insert;
    return () => {
      if (current === insert) current = null;
    };
  }, [insert]);
}
