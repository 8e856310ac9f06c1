import { checkMutation } from '@shared/sync/mutation-check';
import type { Mutation, MutationName } from '@shared/sync/mutations';
import type { NoteSegment } from '@shared/schemas/call-record';
import type { DeskDb, OutboxRow } from './db';
import { findSegments } from './note-chunks';

const keyOf = (entity: string, id: string) => `${entity}:${id}`;

/** The pulled entity a mutation writes (null for mutations whose entities the pull side does not track). */
export function entityKeyOf(mutation: Mutation): string | null {
  if (mutation.name === 'callRecord.upsert') return keyOf('callRecord', mutation.args.id);
  if (mutation.name === 'noteSegment.append') return keyOf('noteSegment', mutation.args.id);
  if (mutation.name === 'case.open') return keyOf('case', mutation.args.id);
  if (mutation.name === 'case.setFields' || mutation.name === 'case.finalise') return keyOf('case', mutation.args.caseId);
  if (mutation.name === 'followUp.create' || mutation.name === 'followUp.update' || mutation.name === 'followUp.complete' || mutation.name === 'followUp.delete') return keyOf('followUp', mutation.args.id);
  return null;
}

/**
 * Fills the indexed `entityKey` of an outbox row from its mutation. Run by the outbox's
 * `creating` hook (so every writer, not only `enqueue`, gets it) and by the version 5 upgrade.
 * Rows without a tracked entity get no property at all, so the index leaves them out.
 */
export function withEntityKey(row: OutboxRow): OutboxRow {
  const key = entityKeyOf(row.mutation);
  if (key) row.entityKey = key;
  else delete row.entityKey;
  return row;
}

/**
 * A change that does not fit its shared schema (too long, NUL, a bad number…). Thrown by
 * `enqueue` inside the writing transaction, so neither the change nor its mutation is
 * stored: the person sees `fields` (path → code) and fixes the words, and nothing that the
 * record store would refuse ever waits in front of the other changes.
 */
export class InvalidMutationError extends Error {
  constructor(
    readonly mutationName: MutationName,
    /** `args.text` → `too_big (max 20000)`, `text-nul`, … */
    readonly fields: Record<string, string>,
    message: string,
  ) {
    super(`Invalid ${mutationName}: ${message}`);
    this.name = 'InvalidMutationError';
  }
}

/**
 * Appends a mutation to the outbox after checking it against its shared schema (throws
 * InvalidMutationError otherwise). Must be called inside the same Dexie transaction that
 * changed the data, so the change and its mutation commit or fail together.
 */
export async function enqueue<N extends MutationName>(db: DeskDb, name: N, args: Extract<Mutation, { name: N }>['args']): Promise<string> {
  const row = checkedRow(name, args);
  await db.outbox.add(row);
  return row.mutationId;
}

/**
 * A new outbox row for a mutation, checked against its shared schema (throws
 * InvalidMutationError otherwise) and keyed by the entity it writes; for actions that add it
 * themselves in their own transaction (action-tx.ts).
 */
export function outboxRow<N extends MutationName>(name: N, args: Extract<Mutation, { name: N }>['args']): OutboxRow {
  return checkedRow(name, args);
}

function checkedRow(name: MutationName, args: unknown): OutboxRow {
  const mutationId = crypto.randomUUID();
  const mutation = { mutationId, name, args } as Mutation;
  const checked = checkMutation(mutation);
  if (!checked.ok) throw new InvalidMutationError(name, checked.fields, checked.message);
  return withEntityKey({ mutationId, mutation, createdAt: Date.now(), attempts: 0 });
}

/**
 * Which of `keys` still have a mutation waiting in the outbox, looked up through the
 * `entityKey` index: a pulled page costs one index probe per entity on it, however long the
 * outbox grew while offline. The probes are independent counts issued together: in Chromium
 * that is ~8x faster than one `anyOf` cursor hopping through a 10,000-row index.
 */
export async function pendingEntityKeys(db: DeskDb, keys: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(keys)];
  // No tracked row queued at all (a pull with nothing unsent): one index peek instead of hundreds of probes.
  if (wanted.length === 0 || (await db.outbox.where('entityKey').above('').limit(1).primaryKeys()).length === 0) return new Set();
  const counts = await Promise.all(wanted.map((key) => db.outbox.where('entityKey').equals(key).count()));
  return new Set(wanted.filter((_, i) => counts[i]! > 0));
}

/**
 * An outbox row for a note segment that does not copy its text (`textInSegment`): a note is
 * the largest thing an action writes, and storing it twice cost the offline-writes bench about
 * 4 % of its time. `nextBatch` puts the text back from the segment (its own note chunk, found
 * by the call, index and id the row keeps).
 */
export function segmentOutboxRow(checked: OutboxRow, segment: NoteSegment): OutboxRow {
  const args: Omit<NoteSegment, 'text'> = { id: segment.id, callRecordId: segment.callRecordId, index: segment.index, createdAt: segment.createdAt };
  return { ...checked, mutation: { ...checked.mutation, args } as Mutation, textInSegment: true };
}

/**
 * The oldest pending mutations, in order, up to `limit`; with `after`, only those queued after
 * that seq. Each mutation is whole: a note segment's text is read from the segment in the same
 * transaction. A segment that is missing (never, by the purge rules) leaves its mutation without
 * text: the record store refuses it and it becomes a dead letter a person sees, not a silent loss.
 */
export function nextBatch(db: DeskDb, limit: number, after?: number): Promise<OutboxRow[]> {
  return db.transaction('r', db.outbox, db.noteChunks, async () => {
    const rows = await (after === undefined ? db.outbox.orderBy('seq') : db.outbox.where('seq').above(after)).limit(limit).toArray();
    const refs = rows.flatMap((row) => (row.textInSegment ? [row.mutation.args as Omit<NoteSegment, 'text'>] : []));
    if (refs.length === 0) return rows;
    const segments = await findSegments(db, refs);
    return rows.map((row) => {
      const text = row.textInSegment ? segments.get((row.mutation.args as { id: string }).id)?.text : undefined;
      if (text === undefined) return row;
      const { textInSegment: _, ...whole } = row;
      return { ...whole, mutation: { ...row.mutation, args: { ...row.mutation.args, text } } as Mutation };
    });
  });
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
