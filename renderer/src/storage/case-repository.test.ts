import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { MutationSchema } from '@shared/sync/mutations';
import { callHasDisposition } from './agent-state-repository';
import { saveCallRecord } from './call-repository';
import { caseForCall, closeWithDisposition, earlierContacts, finaliseCase, openCaseForCall, setCaseFields, syncCaseCallFacts } from './case-repository';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { DeskDb } from './db';

const record = (patch: Partial<CallRecord> = {}): CallRecord => callRecordFixture(patch);

describe('case repository', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  const names = async () => (await db.outbox.orderBy('seq').toArray()).map((r) => r.mutation.name);

  it('opens one case per call, bound to its SIP Call-ID, with a valid case.open queued', async () => {
    const call = record();
    const first = await openCaseForCall(db, call);
    const again = await openCaseForCall(db, call);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ callRecordId: call.id, sipCallId: call.sipCallId, callerNumber: '+8613800138000', status: 'draft', callType: 'unclassified' });
    const rows = await db.outbox.toArray();
    expect(rows.map((r) => r.mutation.name)).toEqual(['case.open']);
    expect(MutationSchema.safeParse(rows[0]!.mutation).success).toBe(true);
  });

  it('saves each patch with its mutation, skips no-op patches, and tracks the call end', async () => {
    const call = record();
    const opened = await openCaseForCall(db, call);
    await setCaseFields(db, opened.id, { callType: 'counselling', fields: { presentingIssue: '网赌输了八万' } });
    await setCaseFields(db, opened.id, { fields: { presentingIssue: '网赌输了八万' } });
    await syncCaseCallFacts(db, { ...call, endedAt: 1_700_000_062_000, endReason: 'remote-hangup' });
    const stored = await caseForCall(db, call.id);
    expect(stored).toMatchObject({ callType: 'counselling', fields: { presentingIssue: '网赌输了八万', endedAt: 1_700_000_062_000, talkSeconds: 60 } });
    expect(await names()).toEqual(['case.open', 'case.setFields', 'case.setFields']);
    for (const row of await db.outbox.toArray()) expect(MutationSchema.safeParse(row.mutation).success).toBe(true);
  });

  it('merges a patch into the stored case, not into an outdated guess of it (a pull changed it in between)', async () => {
    const call = record();
    const opened = await openCaseForCall(db, call);
    await setCaseFields(db, opened.id, { fields: { presentingIssue: '冒充客服' } });
    // The record store's version arrives (a supervisor's edit): this window's guess is now stale.
    const stored = (await db.cases.get(opened.id))!;
    await db.cases.put({ ...stored, fraudType: 'fake-loan', fields: { ...stored.fields, situation: '督导补充' } });
    const after = await setCaseFields(db, opened.id, { fields: { contactIdentifiers: 'QQ 123456' } });
    const expected = { fraudType: 'fake-loan', fields: { presentingIssue: '冒充客服', situation: '督导补充', contactIdentifiers: 'QQ 123456' } };
    expect(after).toMatchObject(expected);
    expect(await db.cases.get(opened.id)).toMatchObject(expected);
    expect(await names()).toEqual(['case.open', 'case.setFields', 'case.setFields']);
  });

  it('queues nothing for a patch the stored case already has, even when the guess says otherwise, and refuses a case finalised meanwhile', async () => {
    const opened = await openCaseForCall(db, record());
    const stored = (await db.cases.get(opened.id))!;
    await db.cases.put({ ...stored, fields: { ...stored.fields, situation: '已有' } });
    await setCaseFields(db, opened.id, { fields: { situation: '已有' } });
    expect(await names()).toEqual(['case.open']);
    await db.cases.put({ ...stored, status: 'final', finalisedAt: 1 });
    await expect(setCaseFields(db, opened.id, { fields: { situation: '改' } })).rejects.toThrow('is final');
    expect(await names()).toEqual(['case.open']);
    expect((await db.cases.get(opened.id))!.fields.situation).toBeUndefined();
  });

  it('refuses to finalise with field errors and queues nothing; finalises once complete', async () => {
    const opened = await openCaseForCall(db, record());
    await setCaseFields(db, opened.id, { callType: 'freeze-inquiry', disposition: 'resolved', fields: { institution: '工商银行' } });
    const failed = await finaliseCase(db, opened.id);
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(Object.keys(failed.errors).sort()).toEqual(['accountNumberMasked', 'accountType', 'escalation', 'fundsRole', 'guidance', 'identityCheck', 'symptom']);
    expect(await names()).toEqual(['case.open', 'case.setFields']);
    await setCaseFields(db, opened.id, {
      fields: { identityCheck: 'id-number-read-back', accountType: 'debit-card', accountNumberMasked: '622202******1234', symptom: 'fully-frozen', fundsRole: 'payee', guidance: ['contact-authority'], escalation: 'callback' },
    });
    const done = await finaliseCase(db, opened.id, 1_700_000_100_000);
    expect(done).toMatchObject({ ok: true, case: { status: 'final', finalisedAt: 1_700_000_100_000 } });
    expect(await names()).toEqual(['case.open', 'case.setFields', 'case.setFields', 'case.finalise']);
    await expect(setCaseFields(db, opened.id, { fields: { notes: 'late' } })).rejects.toThrow('final');
  });

  it('closes a non-data call in one transaction, or not at all', async () => {
    const opened = await openCaseForCall(db, record());
    const outcome = await closeWithDisposition(db, opened.id, 'wrong-number');
    expect(outcome.ok).toBe(true);
    expect(await names()).toEqual(['case.open', 'case.setFields', 'case.finalise']);

    const other = await openCaseForCall(db, record());
    db.outbox.hook('creating', (_key, row) => {
      if (row.mutation.name === 'case.finalise') throw new Error('disk full');
    });
    await expect(closeWithDisposition(db, other.id, 'silent')).rejects.toThrow('disk full');
    expect(await db.cases.get(other.id)).toMatchObject({ status: 'draft', disposition: null });
  });

  it('finds earlier calls and cases of the same normalised number for the screen-pop', async () => {
    const earlier = record({ remoteNumber: '+8613800138000', startedAt: 1_600_000_000_000 });
    const unrelated = record({ remoteNumber: '13900139000' });
    const current = record({ remoteNumber: '13800138000' });
    for (const r of [earlier, unrelated, current]) await saveCallRecord(db, r);
    const oldCase = await openCaseForCall(db, earlier);
    await openCaseForCall(db, current);
    const found = await earlierContacts(db, current.remoteNumber, current.id);
    expect(found.calls.map((c) => c.id)).toEqual([earlier.id]);
    expect(found.cases.map((c) => c.id)).toEqual([oldCase.id]);
    expect(await earlierContacts(db, 'anonymous', current.id)).toEqual({ calls: [], cases: [] });
  });

  it('tells after-call work whether the call has its disposition', async () => {
    const call = record();
    expect(await callHasDisposition(db, call.id)).toBe(true);
    const opened = await openCaseForCall(db, call);
    expect(await callHasDisposition(db, call.id)).toBe(false);
    await setCaseFields(db, opened.id, { disposition: 'referred', fields: {} });
    expect(await callHasDisposition(db, call.id)).toBe(true);
  });
});
