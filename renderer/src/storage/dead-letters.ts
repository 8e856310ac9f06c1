import { CallRecordSchema, NoteSegmentSchema } from '@shared/schemas/call-record';
import type { Mutation } from '@shared/sync/mutations';
import type { DeskDb } from './db';
import { asStoredCopy, chunkOf, removeSegments } from './note-chunks';

/**
 * Sends a refused change again, as a new mutation: the record store answers a known
 * mutation id with its stored result, so the old id would only be refused once more.
 * The dead letter leaves in the same transaction the outbox row is added, so the change
 * is always in exactly one of the two lists.
 */
export async function retryDeadLetter(db: DeskDb, mutationId: string): Promise<string | null> {
  return db.transaction('rw', db.deadLetters, db.outbox, async () => {
    const letter = await db.deadLetters.get(mutationId);
    if (!letter) return null;
    const fresh = crypto.randomUUID();
    const mutation = { ...letter.mutation, mutationId: fresh } as Mutation;
    await db.outbox.add({ mutationId: fresh, mutation, createdAt: Date.now(), attempts: 0 });
    await db.deadLetters.delete(mutationId);
    return fresh;
  });
}

/**
 * Gives up a refused change (the person confirmed): the local copy takes the server's
 * current value when it sent one; a refused note segment with no server counterpart is
 * removed, since the record store will never hold it.
 */
export async function discardDeadLetter(db: DeskDb, mutationId: string): Promise<boolean> {
  return db.transaction('rw', db.deadLetters, db.callRecords, db.noteChunks, async () => {
    const letter = await db.deadLetters.get(mutationId);
    if (!letter) return false;
    const { mutation, result } = letter;
    if (mutation.name === 'callRecord.upsert') {
      const current = CallRecordSchema.safeParse(result.current);
      if (current.success) await db.callRecords.put(current.data);
    } else if (mutation.name === 'noteSegment.append') {
      const current = NoteSegmentSchema.safeParse(result.current);
      // The refused segment goes; the server's own (same id), when it sent one, takes its place.
      await removeSegments(db, (segment) => segment.id === mutation.args.id, mutation.args.callRecordId);
      if (current.success) await db.noteChunks.put(asStoredCopy(chunkOf([current.data])));
    }
    await db.deadLetters.delete(mutationId);
    return true;
  });
}
