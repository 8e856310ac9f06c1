// @vitest-environment node
// The real record store (Fastify on PGlite) listens on 127.0.0.1; the client side runs on fake-indexeddb.
import 'fake-indexeddb/auto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { buildApp } from '../../../server/app';
import { compactChangeLog } from '../../../server/sync/compact';
import { TEST_CONFIG, useBackend, type FixtureUser } from '../../../test/rig/db-backends';
import { allSegments, segmentsOfCall } from '../../../test/fakes/web/note-segments';
import { append, batch, callRecord, noteSegment, upsert } from '../../../test/rig/mutation-builders';
import { commitNoteText, saveCallRecord } from '../storage/call-repository';
import { earlierContacts, openCaseForCall, setCaseFields } from '../storage/case-repository';
import { DeskDb } from '../storage/db';
import { PULL_CURSOR_KEY, readDeferred } from '../storage/pulled-changes';
import { EventStream } from './event-stream';
import { PullLoop } from './pull-loop';
import { PushLoop } from './push-loop';
import { RecordStoreClient } from './record-store-client';

// Creating PGlite takes seconds, more when the whole suite runs in parallel (the web project's default hook timeout is 10 s).
vi.setConfig({ hookTimeout: 60_000 });

describe('PullLoop against the record store on PGlite', () => {
  const t = useBackend('pglite');
  let app: FastifyInstance;
  let base: string;
  let db: DeskDb;
  const stops: Array<() => unknown> = [];

  beforeAll(async () => {
    app = buildApp({ db: t.db, config: { ...TEST_CONFIG, sseHeartbeatMs: 200 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    db = new DeskDb(`pull-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    db.close();
    await db.delete();
  });

  const clientFor = async (user: FixtureUser) => new RecordStoreClient(base, await t.login(user));
  const serverPush = async (user: FixtureUser, mutations: Parameters<typeof batch>[0]) => {
    const res = await t.call('POST', '/api/v1/sync/push', { token: await t.login(user), body: batch(mutations) });
    expect(res.status).toBe(200);
    return res.body.results as Array<{ status: string; seq: number }>;
  };
  const loop = (client: RecordStoreClient, options = {}) => {
    const l = new PullLoop(db, client, { intervalMs: 60_000, ...options });
    stops.push(() => l.stop());
    l.start();
    return l;
  };
  const cursor = async () => (await db.meta.get(PULL_CURSOR_KEY))?.value;

  // Both ways a page is written: the careful one, and ahead of the last page's commit (pulled-ahead.ts).
  const WAYS = [
    ['careful', 1_000_000],
    ['written ahead', 1],
  ] as const;

  it.each(WAYS)('pulls colleagues’ records and notes page by page, keeps the cursor in meta, and only fetches what is new (%s)', async (_, aheadMinChanges) => {
    const records = [callRecord(), callRecord(), callRecord()];
    await serverPush('agentA2', records.flatMap((r, i) => [upsert(r), append(noteSegment(r.id, { text: `note ${i}` }))]));
    await serverPush('agentB1', [upsert(callRecord())]); // another unit: never arrives
    const client = await clientFor('agentA1');
    const pulls: number[] = [];
    const spy = { pull: (c: number, limit?: number, mark?: number) => (pulls.push(c), client.pull(c, limit, mark)) };
    const l = new PullLoop(db, spy, { pageSize: 2, aheadMinChanges });
    stops.push(() => l.stop());
    l.start();
    await l.kick();
    expect(pulls).toEqual([0, 2, 4, 6]);
    expect((await db.callRecords.toArray()).map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
    expect((await allSegments(db)).map((s) => s.text).sort()).toEqual(['note 0', 'note 1', 'note 2']);
    expect(await cursor()).toBe(6);
    expect(l.current).toMatchObject({ online: true, lastError: null, resyncing: false });
    expect(l.current.lastPullAt).toBeGreaterThan(0);

    const later = callRecord();
    await serverPush('agentA2', [upsert(later)]);
    pulls.length = 0;
    await l.kick();
    expect(pulls).toEqual([6]);
    expect(await db.callRecords.get(later.id)).toEqual({ ...later, agentId: expect.any(String) });
  });

  it.each(WAYS)('never overwrites a row with an unsent change; the server’s version lands once the change is answered (%s)', async (_, aheadMinChanges) => {
    const client = await clientFor('agentA1');
    const original = callRecord();
    await serverPush('agentA1', [upsert(original)]);
    const mine: CallRecord = { ...original, answeredAt: original.startedAt + 3000 };
    await saveCallRecord(db, mine); // pending in the outbox
    const pull = loop(client, { aheadMinChanges });
    await pull.kick();
    expect(await db.callRecords.get(original.id)).toEqual(mine);
    expect([...(await readDeferred(db)).keys()]).toEqual([`callRecord:${original.id}`]);

    const push = new PushLoop(db, client, crypto.randomUUID());
    stops.push(() => push.stop());
    push.start();
    await push.kick();
    expect(await db.outbox.count()).toBe(0);
    await pull.kick();
    expect(await db.callRecords.get(original.id)).toEqual({ ...mine, agentId: expect.any(String) });
    expect((await readDeferred(db)).size).toBe(0);

    // A refused change: the local row shows the server's word again, the refusal stays listed.
    await saveCallRecord(db, { ...mine, sipCallId: 'another-dialog', endedAt: mine.startedAt + 9000 });
    await serverPush('agentA1', [upsert({ ...mine, endedAt: mine.startedAt + 5000, endReason: 'remote-hangup' })]);
    await pull.kick();
    expect((await db.callRecords.get(original.id))?.sipCallId).toBe('another-dialog');
    await push.kick();
    expect(await db.deadLetters.count()).toBe(1);
    await pull.kick();
    expect(await db.callRecords.get(original.id)).toEqual({ ...mine, endedAt: mine.startedAt + 5000, endReason: 'remote-hangup', agentId: expect.any(String) });
  });

  it('a page fetched before our push was acknowledged does not put the older version back', async () => {
    const client = await clientFor('agentA1');
    const record = callRecord();
    await serverPush('agentA1', [upsert(record)]);
    const mine: CallRecord = { ...record, endedAt: record.startedAt + 60_000, endReason: 'local-hangup' };
    await saveCallRecord(db, mine);
    const push = new PushLoop(db, client, crypto.randomUUID());
    stops.push(() => push.stop());
    // The pull's answer (still the old version) is in flight while the push lands and is acknowledged.
    const racing = {
      pull: async (cursor: number, limit?: number, mark?: number) => {
        const page = await client.pull(cursor, limit, mark);
        if (cursor === 0) {
          push.start();
          await push.kick();
        }
        return page;
      },
    };
    const pull = new PullLoop(db, racing, { intervalMs: 60_000 });
    stops.push(() => pull.stop());
    pull.start(); // exactly one run: a second one would repair the damage and hide it
    await expect.poll(() => pull.current.lastPullAt).not.toBeNull();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.callRecords.get(record.id)).toEqual(mine);
    await pull.kick();
    expect(await db.callRecords.get(record.id)).toEqual({ ...mine, agentId: expect.any(String) });
  });

  it('on 409 starts over from cursor 0, keeps the outbox, and drops local rows whose deletes were compacted away', async () => {
    const client = await clientFor('agentA1');
    const [kept, deleted] = [callRecord(), callRecord()];
    await serverPush('agentA2', [upsert(kept), upsert(deleted)]);
    const pull = loop(client);
    await pull.kick();
    expect(await db.callRecords.count()).toBe(2);
    const unsent = callRecord();
    await saveCallRecord(db, unsent);
    await commitNoteText(db, unsent.id, '未发送的记录');
    // The record is deleted on the server and the tombstone outlives its retention while we are away.
    await t.rows(sql`INSERT INTO change_log (entity, entity_id, org_unit_id, data, at) VALUES ('callRecord', ${deleted.id}, ${t.fixture.orgA}, NULL, now() - interval '400 days')`);
    await t.rows(sql`DELETE FROM call_records WHERE id = ${deleted.id}`);
    await serverPush('agentA2', [upsert(callRecord())]);
    expect((await compactChangeLog(t.db.orm)).tombstones).toBe(1);

    await pull.kick();
    expect(pull.current).toMatchObject({ resyncing: false, lastError: null });
    expect(await db.callRecords.get(deleted.id)).toBeUndefined();
    expect(await db.callRecords.get(kept.id)).toEqual({ ...kept, agentId: expect.any(String) });
    expect(await db.callRecords.get(unsent.id)).toEqual(unsent);
    expect(await segmentsOfCall(db, unsent.id)).toHaveLength(1);
    expect(await db.outbox.count()).toBe(2);
    expect(await cursor()).toBe(4);
  });

  it('a colleague’s case lands locally and shows in the screen-pop; our unsent patch wins until its ack, then the server’s merge lands', async () => {
    const theirs = callRecord({ remoteNumber: '+8613800138000' });
    const theirCase = crypto.randomUUID();
    await serverPush('agentA2', [
      upsert(theirs),
      { mutationId: crypto.randomUUID(), name: 'case.open', args: { id: theirCase, callRecordId: theirs.id, callerNumber: '+8613800138000', callType: 'consultation', createdAt: theirs.startedAt, fields: {} } },
      { mutationId: crypto.randomUUID(), name: 'case.setFields', args: { caseId: theirCase, disposition: 'referred', fields: { situation: '冒充客服' } } },
    ]);
    const client = await clientFor('agentA1');
    const pull = loop(client);
    await pull.kick();
    expect(await db.cases.get(theirCase)).toMatchObject({ sipCallId: theirs.sipCallId, status: 'draft', disposition: 'referred', fields: { situation: '冒充客服' } });
    const ringing = callRecord({ remoteNumber: '13800138000' });
    expect((await earlierContacts(db, ringing.remoteNumber, ringing.id)).cases.map((c) => c.id)).toEqual([theirCase]);

    // Our own case: opened and pushed, then patched locally while a colleague patches another field.
    const mine = callRecord();
    await saveCallRecord(db, mine);
    const opened = await openCaseForCall(db, mine);
    const push = new PushLoop(db, client, crypto.randomUUID());
    stops.push(() => push.stop());
    push.start();
    await push.kick();
    expect(await db.outbox.count()).toBe(0);
    const local = await setCaseFields(db, opened.id, { callType: 'counselling', fields: { presentingIssue: '网赌' } });
    await serverPush('agentA2', [{ mutationId: crypto.randomUUID(), name: 'case.setFields', args: { caseId: opened.id, fields: { notes: '主管补充' } } }]);
    await pull.kick();
    expect(await db.cases.get(opened.id)).toEqual(local);
    await push.kick();
    await pull.kick();
    expect(await db.cases.get(opened.id)).toMatchObject({ sipCallId: mine.sipCallId, callType: 'counselling', fields: { presentingIssue: '网赌', notes: '主管补充' } });
    expect((await readDeferred(db)).size).toBe(0);
  });

  it('is poked through the event stream: a colleague’s push shows up without waiting for the timer', async () => {
    const client = await clientFor('agentA1');
    const pull = loop(client, { intervalMs: 600_000 });
    await pull.kick();
    const events = new EventStream(client, { onPoke: () => void pull.kick(), backoffBaseMs: 50 });
    stops.push(() => events.stop());
    events.start();
    await expect.poll(() => events.current, { timeout: 5000 }).toBe('open');
    const record = callRecord();
    await serverPush('agentA2', [upsert(record), append(noteSegment(record.id))]);
    await expect.poll(async () => db.callRecords.get(record.id), { timeout: 5000 }).toEqual({ ...record, agentId: expect.any(String) });
    await expect.poll(async () => (await segmentsOfCall(db, record.id)).length, { timeout: 5000 }).toBe(1);
  });

  it('backs off with a cap when the record store is unreachable, and keeps the cursor', async () => {
    const dead = new RecordStoreClient('http://127.0.0.1:9', 'x'.repeat(32), 2000);
    const pull = loop(dead, { backoffBaseMs: 60_000, backoffCapMs: 60_000 });
    await pull.kick();
    expect(pull.current).toMatchObject({ online: false, lastError: 'unreachable' });
    expect(pull.current.nextRetryAt).toBeGreaterThan(Date.now() + 20_000);
    expect(await cursor()).toBeUndefined();
  });

  it('stops on a rejected token and asks for a sign-in instead of hammering', async () => {
    const stale = new RecordStoreClient(base, 'y'.repeat(32));
    const pull = loop(stale);
    await pull.kick();
    expect(pull.current).toMatchObject({ needsSignIn: true, lastError: '401 unauthorized', nextRetryAt: null });
  });
});

/** One run, awaited (no timer-driven or coalesced second run). */
class PullOnce extends PullLoop {
  once(): Promise<void> {
    this.stopped = false;
    return this.kick();
  }
}

describe('PullLoop read-ahead (scripted record store)', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`pull-ahead-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  /** A log of `n` call records served in pages; `fail` makes the request for that cursor fail. */
  const scripted = (records: CallRecord[], fail?: (cursor: number) => Error | null) => {
    const asked: number[] = [];
    return {
      asked,
      pull: async (cursor: number, limit = 500) => {
        asked.push(cursor);
        await new Promise((r) => setTimeout(r, 5));
        const error = fail?.(cursor);
        if (error) throw error;
        const changes = records.slice(cursor, cursor + limit).map((r, i) => ({ seq: cursor + i + 1, entity: 'callRecord' as const, id: r.id, data: r }));
        return { changes, cursor: cursor + changes.length, more: cursor + changes.length < records.length, purgedThrough: 0 };
      },
    };
  };

  it('fetches the next page while writing this one, applies pages in order, and asks for nothing beyond the run', async () => {
    const records = Array.from({ length: 10 }, () => callRecord());
    const client = scripted(records);
    const pull = new PullOnce(db, client, { pageSize: 2, maxPagesPerRun: 3, intervalMs: 600_000 });
    await pull.once();
    pull.stop();
    expect(client.asked).toEqual([0, 2, 4]);
    expect((await db.meta.get(PULL_CURSOR_KEY))?.value).toBe(6);
    expect(await db.callRecords.count()).toBe(6);
  });

  it('a failing read-ahead page keeps the pages before it and reports the error', async () => {
    const records = Array.from({ length: 6 }, () => callRecord());
    const client = scripted(records, (cursor) => (cursor === 4 ? new Error('boom') : null));
    const pull = new PullOnce(db, client, { pageSize: 2, backoffBaseMs: 60_000, intervalMs: 600_000 });
    await pull.once();
    pull.stop();
    expect((await db.meta.get(PULL_CURSOR_KEY))?.value).toBe(4);
    expect(await db.callRecords.count()).toBe(4);
    expect(pull.current.lastError).toBe('boom');
  });
});
