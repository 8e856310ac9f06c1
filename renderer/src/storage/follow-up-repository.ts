import { FollowUpCreateSchema, FollowUpUpdateSchema, type FollowUpCreate, type FollowUpUpdate } from '@shared/schemas/follow-up';
import type { z } from 'zod';
import type { DeskDb, LocalFollowUp } from './db';
import { enqueue } from './outbox';

/** Field → message code (e.g. `dueAt: too_small`, `note: number-or-note`), for the form to show in the user's language. */
export type FollowUpFieldErrors = Record<string, string>;

/**
 * Thrown when input would be refused by the record store's schema: such a mutation would
 * block the whole outbox, so it is never queued, and the form shows the named fields.
 */
export class FollowUpInputError extends Error {
  constructor(readonly fields: FollowUpFieldErrors) {
    super(`invalid follow-up: ${Object.entries(fields).map(([f, c]) => `${f}: ${c}`).join('; ')}`);
    this.name = 'FollowUpInputError';
  }
}

/** Thrown when a closed follow-up is edited or closed again: the list hides them, so this is a bug guard. */
export class FollowUpClosedError extends Error {
  constructor(readonly followUpId: string) {
    super(`follow-up ${followUpId} is closed`);
  }
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields: FollowUpFieldErrors = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? '(root)')] ??= issue.message && /^[a-z][a-z0-9-]*$/.test(issue.message) ? issue.message : issue.code;
  throw new FollowUpInputError(fields);
}

/** What the create form supplies; ids and times are filled in here. */
export interface NewFollowUp {
  assigneeId: string;
  /** The signed-in user's unit: the record store files the follow-up there. */
  orgUnitId: string;
  dueAt: number;
  note: string;
  callerNumber: string | null;
  caseId?: string | null;
  callRecordId?: string | null;
}

/** Saves a new open follow-up and queues `followUp.create`, in one transaction. */
export async function createFollowUp(db: DeskDb, input: NewFollowUp, now = Date.now()): Promise<LocalFollowUp> {
  const args: FollowUpCreate = parseOrThrow(FollowUpCreateSchema, {
    id: crypto.randomUUID(),
    caseId: input.caseId ?? null,
    callRecordId: input.callRecordId ?? null,
    callerNumber: input.callerNumber === null || input.callerNumber.trim() === '' ? null : input.callerNumber.trim(),
    dueAt: input.dueAt,
    note: input.note,
    assigneeId: input.assigneeId,
    createdAt: now,
  });
  const row: LocalFollowUp = { ...args, state: 'open', orgUnitId: input.orgUnitId, doneAt: null, updatedAt: now };
  return db.transaction('rw', db.followUps, db.outbox, async () => {
    await db.followUps.add(row);
    await enqueue(db, 'followUp.create', args);
    return row;
  });
}

async function openRow(db: DeskDb, id: string): Promise<LocalFollowUp> {
  const current = await db.followUps.get(id);
  if (!current) throw new Error(`no follow-up ${id}`);
  if (current.state !== 'open') throw new FollowUpClosedError(id);
  return current;
}

/** A patch of due time, note or assignee. */
export type FollowUpPatch = Pick<Partial<FollowUpUpdate>, 'dueAt' | 'note' | 'assigneeId'>;

/**
 * Patches an open follow-up and queues `followUp.update` (only the changed fields), in one
 * transaction. A new assignee carries the one it replaces, so a colleague's reassignment
 * in the meantime is a conflict rather than silently overwritten. No-op when nothing changed.
 */
export function updateFollowUp(db: DeskDb, id: string, patch: FollowUpPatch, now = Date.now()): Promise<LocalFollowUp> {
  return db.transaction('rw', db.followUps, db.outbox, async () => {
    const current = await openRow(db, id);
    const changed: FollowUpUpdate = { id };
    if (patch.dueAt !== undefined && patch.dueAt !== current.dueAt) changed.dueAt = patch.dueAt;
    if (patch.note !== undefined && patch.note !== current.note) changed.note = patch.note;
    if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
      changed.assigneeId = patch.assigneeId;
      changed.expectedAssigneeId = current.assigneeId;
    }
    if (Object.keys(changed).length === 1) return current;
    const args = parseOrThrow(FollowUpUpdateSchema, changed);
    const next: LocalFollowUp = { ...current, dueAt: args.dueAt ?? current.dueAt, note: args.note ?? current.note, assigneeId: args.assigneeId ?? current.assigneeId, updatedAt: now };
    if (next.callerNumber === null && next.note.trim() === '') throw new FollowUpInputError({ note: 'number-or-note' });
    await db.followUps.put(next);
    await enqueue(db, 'followUp.update', args);
    return next;
  });
}

/** Marks an open follow-up done (or cancelled) and queues `followUp.complete`, in one transaction. */
export function completeFollowUp(db: DeskDb, id: string, state: 'done' | 'cancelled', now = Date.now()): Promise<LocalFollowUp> {
  return db.transaction('rw', db.followUps, db.outbox, async () => {
    const current = await openRow(db, id);
    const next: LocalFollowUp = { ...current, state, doneAt: now, updatedAt: now };
    await db.followUps.put(next);
    await enqueue(db, 'followUp.complete', { id, state, at: now });
    return next;
  });
}

/** Deletes a follow-up here and queues `followUp.delete`, in one transaction; every other replica drops it through the tombstone. */
export function deleteFollowUp(db: DeskDb, id: string): Promise<boolean> {
  return db.transaction('rw', db.followUps, db.outbox, async () => {
    if (!(await db.followUps.get(id))) return false;
    await db.followUps.delete(id);
    await enqueue(db, 'followUp.delete', { id });
    return true;
  });
}

/** A person's open follow-ups, soonest due first. */
export async function openFollowUpsOf(db: DeskDb, assigneeId: string): Promise<LocalFollowUp[]> {
  const rows = await db.followUps.where('[assigneeId+state]').equals([assigneeId, 'open']).toArray();
  return rows.sort((a, b) => a.dueAt - b.dueAt);
}
