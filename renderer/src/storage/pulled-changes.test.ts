import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import type { Case } from '@shared/schemas/case';
import type { Change } from '@shared/sync/protocol';
import { earlierContacts, openCaseForCall, setCaseFields } from './case-repository';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { DeskDb } from './db';
import { applyPulledPage, entityKeyOf, PULL_CURSOR_KEY, readDeferred, recordAcks, settleDeferred, sweepUnseen } from './pulled-changes';

const record = (patch: Partial<CallRecord> = {}): CallRecord => callRecordFixture(patch);

/** A case as the server publishes it (`toCase`), for `call`. */
const serverCase = (call: CallRecord, patch: Partial<Case> = {}): Case => ({
  id: crypto.randomUUID(),
  callRecordId: call.id,
  callerNumber: '+8613800138000',
  callType: 'consultation',
  status: 'draft',
  disposition: null,
  fraudType: null,
  fields: { situation: '对方自称客服要求转账' },
  createdAt: call.startedAt,
  finalisedAt: null,
  ...patch,
});

const page = (changes: Change[]) => ({ changes, cursor: changes.at(-1)?.seq ?? 0, purgedThrough: 0 });

describe('pulled changes: cases', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`pulled-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it('tells live queries of the rows a page wrote, once it committed', async () => {
    const call = record();
    const seen: number[] = [];
    const subscription = liveQuery(() => db.callRecords.count()).subscribe((n) => seen.push(n));
    await expect.poll(() => seen).toEqual([0]);
    await applyPulledPage(db, page([{ seq: 1, entity: 'callRecord', id: call.id, data: call }]));
    await expect.poll(() => seen.at(-1)).toBe(1);
    subscription.unsubscribe();
  });

  it('keys the case mutations by case id, so the pending guard covers them', () => {
    const id = crypto.randomUUID();
    const fields = { mutationId: crypto.randomUUID() };
    expect(entityKeyOf({ ...fields, name: 'case.open', args: { id, callRecordId: null, callerNumber: null, callType: 'unclassified', createdAt: 1, fields: {} } })).toBe(`case:${id}`);
    expect(entityKeyOf({ ...fields, name: 'case.setFields', args: { caseId: id, fields: {} } })).toBe(`case:${id}`);
    expect(entityKeyOf({ ...fields, name: 'case.finalise', args: { caseId: id, finalisedAt: 1 } })).toBe(`case:${id}`);
    expect(entityKeyOf({ ...fields, name: 'agentState.set', args: { state: 'ready', reason: null, since: 1 } })).toBeNull();
  });

  it('stores a colleague’s case where the screen-pop finds it by normalised number; a tombstone removes it', async () => {
    const theirs = record({ remoteNumber: '+8613800138000' });
    const pulled = serverCase(theirs, { callType: 'fraud-report', disposition: 'escalated', fraudType: null });
    const colleague = crypto.randomUUID();
    const result = await applyPulledPage(
      db,
      page([
        { seq: 1, entity: 'callRecord', id: theirs.id, data: theirs },
        { seq: 2, entity: 'case', id: pulled.id, data: pulled },
        { seq: 3, entity: 'agentStatus', id: colleague, data: { userId: colleague, state: 'ready', reason: null, since: 1 } },
        { seq: 4, entity: 'warningInstruction', id: crypto.randomUUID(), data: { title: 'x' } },
      ]),
    );
    expect(result.applied).toBe(4);
    expect(await db.meta.get(PULL_CURSOR_KEY)).toEqual({ key: PULL_CURSOR_KEY, value: 4 });
    expect(await db.cases.get(pulled.id)).toMatchObject({ ...pulled, sipCallId: theirs.sipCallId });

    // A new call from the same person, in national format: the screen-pop's query.
    const ringing = record({ remoteNumber: '13800138000' });
    const found = await earlierContacts(db, ringing.remoteNumber, ringing.id);
    expect(found.cases.map((c) => c.id)).toEqual([pulled.id]);
    expect(found.cases[0]).toMatchObject({ callType: 'fraud-report', disposition: 'escalated' });

    await applyPulledPage(db, page([{ seq: 5, entity: 'case', id: pulled.id, data: null }]));
    expect(await db.cases.get(pulled.id)).toBeUndefined();
    expect((await earlierContacts(db, ringing.remoteNumber, ringing.id)).cases).toEqual([]);
  });

  it('ignores a case the schema refuses instead of storing garbage', async () => {
    const id = crypto.randomUUID();
    await applyPulledPage(db, page([{ seq: 1, entity: 'case', id, data: { id, status: 'lost' } }]));
    expect(await db.cases.count()).toBe(0);
    expect((await db.meta.get(PULL_CURSOR_KEY))?.value).toBe(1);
  });

  it('keeps a local case with a pending case.setFields over an older pulled version, and takes the server’s after the ack', async () => {
    const call = record();
    const mine = await openCaseForCall(db, call, 1_700_000_003_000);
    await db.outbox.clear(); // case.open was acknowledged long ago
    await setCaseFields(db, mine.id, { callType: 'counselling', fields: { presentingIssue: '网赌输了八万' } });
    const local = await db.cases.get(mine.id);

    // A colleague's edit of another field, published before our patch reached the server.
    const older = { ...serverCase(call, { id: mine.id, callType: 'unclassified', createdAt: mine.createdAt }), fields: { ...mine.fields, notes: '主管补充' } };
    const held = await applyPulledPage(db, page([{ seq: 10, entity: 'case', id: mine.id, data: older }]));
    expect(held).toEqual({ applied: 0, deferred: 1 });
    expect(await db.cases.get(mine.id)).toEqual(local);
    expect(await settleDeferred(db)).toBe(0); // still pending
    expect(await db.cases.get(mine.id)).toEqual(local);

    // The push is acknowledged at seq 12 (as the push loop does it: outbox row gone, ack recorded).
    const [row] = await db.outbox.toArray();
    await db.transaction('rw', db.outbox, db.meta, async () => {
      await db.outbox.delete(row!.seq!);
      await recordAcks(db, [[entityKeyOf(row!.mutation)!, 12]]);
    });
    // The held older version must not come back now that nothing is pending...
    expect(await settleDeferred(db)).toBe(1);
    expect(await db.cases.get(mine.id)).toEqual(local);
    // ...nor from a page fetched before the ack.
    await applyPulledPage(db, page([{ seq: 10, entity: 'case', id: mine.id, data: older }]));
    expect(await db.cases.get(mine.id)).toEqual(local);

    // Our change arrives at its seq, merged by the server with the colleague's field.
    const merged = { ...older, callType: 'counselling' as const, fields: { ...older.fields, presentingIssue: '网赌输了八万' } };
    await applyPulledPage(db, page([{ seq: 12, entity: 'case', id: mine.id, data: merged }]));
    expect(await db.cases.get(mine.id)).toMatchObject({ ...merged, sipCallId: call.sipCallId });
    expect((await readDeferred(db)).size).toBe(0);
  });

  it('a re-bootstrap sweep drops cases the server no longer has, but not ones with unsent changes', async () => {
    const gone = serverCase(record());
    await applyPulledPage(db, page([{ seq: 1, entity: 'case', id: gone.id, data: gone }]));
    const unsent = await openCaseForCall(db, record());
    expect(await sweepUnseen(db, new Set())).toBe(1);
    expect(await db.cases.get(gone.id)).toBeUndefined();
    expect(await db.cases.get(unsent.id)).toEqual(unsent);
  });
});
