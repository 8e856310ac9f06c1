import type { Mutation, MutationName } from '@shared/sync/mutations';
import type { DeskDb, OutboxRow } from './db';

/**
 * Appends a mutation to the outbox. Must be called inside the same Dexie transaction that
 * changed the data, so the change and its mutation commit or fail together.
 */
export async function enqueue<N extends MutationName>(db: DeskDb, name: N, args: Extract<Mutation, { name: N }>['args']): Promise<string> {
  const mutationId = crypto.randomUUID();
  const mutation = { mutationId, name, args } as Mutation;
  await db.outbox.add({ mutationId, mutation, createdAt: Date.now(), attempts: 0 });
  return mutationId;
}

/** The oldest pending mutations, in order, up to `limit`. */
export function nextBatch(db: DeskDb, limit: number): Promise<OutboxRow[]> {
  return db.outbox.orderBy('seq').limit(limit).toArray();
}

/** What the status bar shows: how many changes wait and since when. */
export interface OutboxStats {
  pending: number;
  oldestCreatedAt: number | null;
}

export async function outboxStats(db: DeskDb): Promise<OutboxStats> {
  const [pending, oldest] = await Promise.all([db.outbox.count(), db.outbox.orderBy('seq').first()]);
  return { pending, oldestCreatedAt: oldest?.createdAt ?? null };
}
