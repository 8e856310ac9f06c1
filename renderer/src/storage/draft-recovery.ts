import { NOTE_SEGMENT_MAX_CHARS } from '@shared/schemas/call-record';
import { unsafeTextCode } from '@shared/text/safe-text';
import { commitNoteText } from './call-repository';
import type { DeskDb } from './db';

/**
 * A recovered draft as segments the outbox accepts: words are never dropped, so text over
 * the segment limit becomes several segments (split between code points), and characters
 * the text rule refuses (NUL, lone surrogates, only reachable by a paste) become U+FFFD.
 * This is the one place text is changed rather than refused: the agent is not there to
 * correct it, and refusing would lose the whole draft.
 */
export function recoverableChunks(text: string, max = NOTE_SEGMENT_MAX_CHARS): string[] {
  const clean = unsafeTextCode(text) ? text.replaceAll('\u0000', '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') : text;
  const chunks: string[] = [];
  let rest = clean;
  while (rest.length > max) {
    // Do not cut a surrogate pair in two.
    const cut = /[\uD800-\uDBFF]/.test(rest[max - 1]!) ? max - 1 : max;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  chunks.push(rest);
  return chunks;
}

/**
 * A note composer holds this Web Lock while it shows a call's draft, so recovery never
 * commits words that are still on someone's screen (a second window, or this one).
 */
export function draftLockName(callRecordId: string): string {
  return `hotline-desk-note-draft:${callRecordId}`;
}

type Locks = Pick<LockManager, 'request'>;

/**
 * Runs `fn` only if nobody holds the draft's lock; resolves false if it is held. Without
 * the Web Locks API (old test environments) every draft counts as free.
 */
async function whileFree(locks: Locks | undefined, callRecordId: string, fn: () => Promise<void>): Promise<boolean> {
  if (!locks) {
    await fn();
    return true;
  }
  return locks.request(draftLockName(callRecordId), { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await fn();
    return true;
  });
}

/**
 * Turns drafts nobody is editing into note segments so they reach the record store: after
 * a crash or a killed window the draft is all that is left of what was typed, and a draft
 * alone is never synced. Returns the number of drafts committed.
 */
export async function recoverOrphanDrafts(db: DeskDb, locks: Locks | undefined = globalThis.navigator?.locks): Promise<number> {
  const drafts = await db.noteDrafts.toArray();
  let committed = 0;
  for (const draft of drafts) {
    if (draft.text.trim() === '') continue;
    await whileFree(locks, draft.callRecordId, async () => {
      // Re-read inside the lock: the draft may have been committed meanwhile.
      const current = await db.noteDrafts.get(draft.callRecordId);
      if (!current || current.text.trim() === '') return;
      try {
        // One transaction for every chunk: a crash half-way leaves the draft, not half of it.
        const done = await db.transaction('rw', db.noteDrafts, db.noteChunks, db.outbox, async () => {
          let any = false;
          for (const chunk of recoverableChunks(current.text)) if (await commitNoteText(db, draft.callRecordId, chunk, current.updatedAt)) any = true;
          return any;
        });
        if (done) committed++;
      } catch (error) {
        // One unrecoverable draft must not stop the others; it stays stored for the next start.
        console.error('draft recovery failed', draft.callRecordId, error);
      }
    });
  }
  return committed;
}
