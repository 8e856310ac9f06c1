import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowUp } from '@shared/schemas/follow-up';
import { MutationSchema } from '@shared/sync/mutations';
import type { Change } from '@shared/sync/protocol';
import { DeskDb } from './db';
import { completeFollowUp, createFollowUp, deleteFollowUp, FollowUpClosedError, FollowUpInputError, openFollowUpsOf, updateFollowUp, type NewFollowUp } from './follow-up-repository';
import { applyPulledPage, recordAcks, settleDeferred, sweepUnseen } from './pulled-changes';

const ME = crypto.randomUUID();
const UNIT = crypto.randomUUID();
const NOW = 1_767_225_600_000;
const input = (patch: Partial<NewFollowUp> = {}): NewFollowUp => ({ assigneeId: ME, orgUnitId: UNIT, dueAt: NOW + 3_600_000, note: '回访：是否已联系银行', callerNumber: '+8613800138000', ...patch });
const serverFollowUp = (patch: Partial<FollowUp> = {}): FollowUp => ({
  id: crypto.randomUUID(),
  caseId: null,
  callRecordId: null,
  callerNumber: '+8613900139000',
  dueAt: NOW,
  note: '同事的回访',
  state: 'open',
  assigneeId: ME,
  orgUnitId: UNIT,
  createdAt: NOW - 1000,
  doneAt: null,
  ...patch,
});
const page = (changes: Change[]) => ({ changes, cursor: changes.at(-1)?.seq ?? 0, purgedThrough: 0 });

describe('follow-up repository', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`follow-ups-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  const outbox = async () => (await db.outbox.orderBy('seq').toArray()).map((r) => r.mutation);

  it('saves each action with its mutation in one transaction, queueing only what changed', async () => {
    const caseId = crypto.randomUUID();
    const made = await createFollowUp(db, input({ caseId }), NOW);
    expect(made).toMatchObject({ state: 'open', caseId, callerNumber: '+8613800138000', orgUnitId: UNIT, doneAt: null });
    await updateFollowUp(db, made.id, { note: made.note, dueAt: NOW + 7_200_000 }, NOW + 1);
    await updateFollowUp(db, made.id, { note: made.note }, NOW + 2);
    const other = crypto.randomUUID();
    await updateFollowUp(db, made.id, { assigneeId: other }, NOW + 3);
    const done = await completeFollowUp(db, made.id, 'done', NOW + 4);
    expect(done).toMatchObject({ state: 'done', doneAt: NOW + 4, dueAt: NOW + 7_200_000, assigneeId: other });
    const queued = await outbox();
    expect(queued.map((m) => m.name)).toEqual(['followUp.create', 'followUp.update', 'followUp.update', 'followUp.complete']);
    expect(queued[1]?.args).toEqual({ id: made.id, dueAt: NOW + 7_200_000 });
    expect(queued[2]?.args).toEqual({ id: made.id, assigneeId: other, expectedAssigneeId: ME });
    for (const m of queued) expect(MutationSchema.safeParse(m).success).toBe(true);
    await expect(updateFollowUp(db, made.id, { note: 'x' })).rejects.toBeInstanceOf(FollowUpClosedError);
    expect(await db.outbox.count()).toBe(4);
  });

  it('refuses input the record store would refuse, naming the field, and queues nothing', async () => {
    const noNumberNoNote = createFollowUp(db, input({ callerNumber: '  ', note: ' ' }));
    await expect(noNumberNoNote).rejects.toBeInstanceOf(FollowUpInputError);
    await expect(noNumberNoNote).rejects.toMatchObject({ fields: { note: 'number-or-note' } });
    await expect(createFollowUp(db, input({ callerNumber: '138-0013' }))).rejects.toMatchObject({ fields: { callerNumber: 'phone-number' } });
    await expect(createFollowUp(db, input({ dueAt: Number.NaN }))).rejects.toMatchObject({ fields: { dueAt: expect.any(String) } });
    expect(await db.followUps.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    const made = await createFollowUp(db, input({ callerNumber: null }));
    await expect(updateFollowUp(db, made.id, { note: '' })).rejects.toMatchObject({ fields: { note: 'number-or-note' } });
    expect((await db.followUps.get(made.id))?.note).toBe(made.note);
    expect(await db.outbox.count()).toBe(1);
  });

  it('lists my open follow-ups soonest first', async () => {
    const late = await createFollowUp(db, input({ dueAt: NOW + 9000 }));
    const soon = await createFollowUp(db, input({ dueAt: NOW + 1000 }));
    const closed = await createFollowUp(db, input({ dueAt: NOW }));
    await completeFollowUp(db, closed.id, 'cancelled');
    await createFollowUp(db, input({ assigneeId: crypto.randomUUID(), dueAt: NOW }));
    expect((await openFollowUpsOf(db, ME)).map((f) => f.id)).toEqual([soon.id, late.id]);
  });

  it('deletes locally and queues the delete; a pulled tombstone removes a colleague’s deletion here', async () => {
    const mine = await createFollowUp(db, input());
    expect(await deleteFollowUp(db, mine.id)).toBe(true);
    expect(await deleteFollowUp(db, mine.id)).toBe(false);
    expect(await db.followUps.get(mine.id)).toBeUndefined();
    expect((await outbox()).map((m) => m.name)).toEqual(['followUp.create', 'followUp.delete']);

    const theirs = serverFollowUp();
    await applyPulledPage(db, page([{ seq: 1, entity: 'followUp', id: theirs.id, data: theirs }]));
    expect(await db.followUps.get(theirs.id)).toMatchObject({ note: '同事的回访', state: 'open' });
    await applyPulledPage(db, page([{ seq: 2, entity: 'followUp', id: theirs.id, data: null }]));
    expect(await db.followUps.get(theirs.id)).toBeUndefined();
  });

  it('holds a tombstone back while a local change is pending, then lets it win once ours is acknowledged', async () => {
    const theirs = serverFollowUp();
    await applyPulledPage(db, page([{ seq: 1, entity: 'followUp', id: theirs.id, data: theirs }]));
    await updateFollowUp(db, theirs.id, { note: '我改了备注' });
    const result = await applyPulledPage(db, page([{ seq: 2, entity: 'followUp', id: theirs.id, data: null }]));
    expect(result).toEqual({ applied: 0, deferred: 1 });
    expect((await db.followUps.get(theirs.id))?.note).toBe('我改了备注');
    // The record store absorbed our late edit at the tombstone's seq (the delete wins).
    await db.transaction('rw', db.outbox, db.meta, async () => {
      await db.outbox.clear();
      await recordAcks(db, [[`followUp:${theirs.id}`, 2]]);
    });
    expect(await settleDeferred(db)).toBe(1);
    expect(await db.followUps.get(theirs.id)).toBeUndefined();
  });

  it('does not let an older pulled version resurrect a follow-up deleted here', async () => {
    const theirs = serverFollowUp();
    await applyPulledPage(db, page([{ seq: 1, entity: 'followUp', id: theirs.id, data: theirs }]));
    await deleteFollowUp(db, theirs.id);
    await applyPulledPage(db, page([{ seq: 1, entity: 'followUp', id: theirs.id, data: theirs }]));
    expect(await db.followUps.get(theirs.id)).toBeUndefined();
    // Acknowledged at seq 3; the page fetched before the ack still carried seq 1.
    await db.transaction('rw', db.outbox, db.meta, async () => {
      await db.outbox.clear();
      await recordAcks(db, [[`followUp:${theirs.id}`, 3]]);
    });
    await settleDeferred(db);
    await applyPulledPage(db, { changes: [{ seq: 1, entity: 'followUp', id: theirs.id, data: theirs }], cursor: 1, purgedThrough: 0 });
    expect(await db.followUps.get(theirs.id)).toBeUndefined();
  });

  it('a re-bootstrap sweep drops follow-ups the server no longer has, except pending ones', async () => {
    const gone = serverFollowUp();
    await applyPulledPage(db, page([{ seq: 1, entity: 'followUp', id: gone.id, data: gone }]));
    const pending = await createFollowUp(db, input());
    expect(await sweepUnseen(db, new Set())).toBe(1);
    expect(await db.followUps.get(gone.id)).toBeUndefined();
    expect(await db.followUps.get(pending.id)).toBeDefined();
  });
});
