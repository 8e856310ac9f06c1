import { commitNoteText } from './call-repository';
import type { DeskDb } from './db';

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
      if (current && current.text.trim() !== '' && (await commitNoteText(db, draft.callRecordId, current.text))) committed++;
    });
  }
  return committed;
}
