import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { PUSH_MAX_MUTATIONS, PUSH_MAX_MUTATIONS_BEFORE_1000, type PushRequest, type PushResponse } from '@shared/sync/protocol';
import { MutationSchema } from '@shared/sync/mutations';
import { commitNoteText, saveCallRecord } from '../storage/call-repository';
import { DeskDb } from '../storage/db';
import { PushLoop } from './push-loop';
import { RecordStoreHttpError, RecordStoreUnreachableError, type RecordStoreClient } from './record-store-client';

const call = (n: number): CallRecord => ({
  id: crypto.randomUUID(),
  sipCallId: `call-${n}`,
  direction: 'inbound',
  remoteNumber: '13800138000',
  dialedNumber: '96110',
  startedAt: 1_700_000_000_000 + n,
  answeredAt: null,
  endedAt: null,
  endReason: null,
});

/** A record store stand-in that answers pushes with a scripted behaviour. */
function fakeClient(answer: (req: PushRequest) => Promise<PushResponse>) {
  const requests: PushRequest[] = [];
  const client = {
    push: async (req: PushRequest) => {
      requests.push(req);
      return answer(req);
    },
  } as unknown as RecordStoreClient;
  return { client, requests };
}

const applyAll = async (req: PushRequest): Promise<PushResponse> => ({
  results: req.mutations.map((m, i) => ({ mutationId: m.mutationId, status: 'applied' as const, seq: i + 1 })),
});

describe('PushLoop', () => {
  let db: DeskDb;
  let loop: PushLoop | undefined;
  beforeEach(() => {
    db = new DeskDb(`push-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    loop?.stop();
    await db.delete();
  });

  it('pushes in order and empties the outbox only after the acknowledgement', async () => {
    for (let i = 0; i < 3; i++) await saveCallRecord(db, call(i));
    const { client, requests } = fakeClient(applyAll);
    loop = new PushLoop(db, client, crypto.randomUUID());
    loop.start();
    await loop.kick();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.mutations.map((m) => (m.args as CallRecord).sipCallId)).toEqual(['call-0', 'call-1', 'call-2']);
    expect(await db.outbox.count()).toBe(0);
    expect(loop.current).toMatchObject({ pending: 0, lastError: null, online: true });
  });

  it('numbers each mutation with its outbox seq and says which numbers have left the outbox acknowledged', async () => {
    for (let i = 0; i < 2; i++) await saveCallRecord(db, call(i));
    const first = fakeClient(applyAll);
    loop = new PushLoop(db, first.client, crypto.randomUUID());
    loop.start();
    await loop.kick();
    const seqs = first.requests[0]!.mutations.map((m) => (m as { clientSeq?: number }).clientSeq);
    expect(seqs).toEqual([1, 2]);
    expect(first.requests[0]!.ackedThrough).toBe(0);
    loop.stop();
    await saveCallRecord(db, call(2));
    const second = fakeClient(applyAll);
    loop = new PushLoop(db, second.client, crypto.randomUUID());
    loop.start();
    await loop.kick();
    expect(second.requests[0]!.mutations.map((m) => (m as { clientSeq?: number }).clientSeq)).toEqual([3]);
    expect(second.requests[0]!.ackedThrough).toBe(2);
  });

  it('drops a mutation the record store says was applied and acknowledged before, without a dead letter', async () => {
    await saveCallRecord(db, call(0));
    const { client } = fakeClient(async (req) => ({
      results: req.mutations.map((m) => ({ mutationId: m.mutationId, status: 'rejected' as const, reason: 'already-acknowledged', message: 'acknowledged before' })),
    }));
    loop = new PushLoop(db, client, crypto.randomUUID());
    loop.start();
    await loop.kick();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.deadLetters.count()).toBe(0);
  });

  it('keeps everything when the response is lost, and resends the same mutation ids', async () => {
    await saveCallRecord(db, call(1));
    let drop = true;
    const { client, requests } = fakeClient(async (req) => {
      if (drop) throw new RecordStoreUnreachableError(new Error('reset'));
      return applyAll(req);
    });
    loop = new PushLoop(db, client, crypto.randomUUID(), { backoffBaseMs: 60_000 });
    loop.start();
    await loop.kick();
    expect(await db.outbox.count()).toBe(1);
    expect(loop.current).toMatchObject({ online: false, pending: 1, lastError: 'unreachable' });
    expect(loop.current.nextRetryAt).toBeGreaterThan(Date.now());
    drop = false;
    await loop.kick();
    expect(requests[1]!.mutations[0]!.mutationId).toBe(requests[0]!.mutations[0]!.mutationId);
    expect(await db.outbox.count()).toBe(0);
  });

  it('moves refused mutations to the dead-letter list instead of dropping them', async () => {
    await saveCallRecord(db, call(1));
    await saveCallRecord(db, call(2));
    const { client } = fakeClient(async (req) => ({
      results: req.mutations.map((m, i) =>
        i === 0 ? { mutationId: m.mutationId, status: 'rejected' as const, reason: 'forbidden', message: 'not yours' } : { mutationId: m.mutationId, status: 'applied' as const, seq: 7 },
      ),
    }));
    loop = new PushLoop(db, client, crypto.randomUUID());
    loop.start();
    await loop.kick();
    expect(await db.outbox.count()).toBe(0);
    const dead = await db.deadLetters.toArray();
    expect(dead).toHaveLength(1);
    expect(dead[0]!.result.reason).toBe('forbidden');
    expect(loop.current.refused).toBe(1);
  });

  it('sends a note segment whole although its outbox row holds no copy of the text, and a refused one keeps its text as a dead letter', async () => {
    const r = call(1);
    await saveCallRecord(db, r);
    const first = await commitNoteText(db, r.id, '来电人称接到冒充客服电话');
    const second = await commitNoteText(db, r.id, '已劝阻，未转账');
    // Stored once: the outbox row names the segment and carries everything but its text.
    const stored = (await db.outbox.toArray()).filter((row) => row.mutation.name === 'noteSegment.append');
    expect(stored.map((row) => [row.textInSegment, 'text' in row.mutation.args])).toEqual([
      [true, false],
      [true, false],
    ]);
    const { client, requests } = fakeClient(async (req) => ({
      results: req.mutations.map((m) =>
        m.name === 'noteSegment.append' && (m.args as { id: string }).id === second!.id
          ? { mutationId: m.mutationId, status: 'rejected' as const, reason: 'forbidden', message: 'not yours' }
          : { mutationId: m.mutationId, status: 'applied' as const, seq: 3 },
      ),
    }));
    loop = new PushLoop(db, client, crypto.randomUUID());
    loop.start();
    await loop.kick();
    const sent = requests[0]!.mutations.filter((m) => m.name === 'noteSegment.append');
    expect(sent.map((m) => m.args)).toEqual([first, second]);
    for (const m of requests[0]!.mutations) expect(MutationSchema.safeParse({ ...m, clientSeq: undefined }).success).toBe(true);
    const [dead] = await db.deadLetters.toArray();
    expect(dead!.mutation.args).toEqual(second);
    expect(await db.outbox.count()).toBe(0);
  });

  it('leaves unacknowledged rows in place when the server answers for only some', async () => {
    await saveCallRecord(db, call(1));
    await saveCallRecord(db, call(2));
    let calls = 0;
    const { client } = fakeClient(async (req) => {
      calls++;
      return { results: calls === 1 ? [{ mutationId: req.mutations[0]!.mutationId, status: 'applied' as const, seq: 1 }] : [] };
    });
    loop = new PushLoop(db, client, crypto.randomUUID(), { backoffBaseMs: 60_000 });
    loop.start();
    await loop.kick();
    expect(await db.outbox.count()).toBe(1);
    expect(loop.current.lastError).toBe('push-not-acknowledged');
  });

  it('falls back to batches of 500 when a record store not yet updated refuses a larger one, and sends every row once', async () => {
    const total = PUSH_MAX_MUTATIONS_BEFORE_1000 + 150;
    await db.transaction('rw', db.callRecords, db.outbox, async () => {
      for (let i = 0; i < total; i++) await saveCallRecord(db, call(i));
    });
    let seq = 0;
    const { client, requests } = fakeClient(async (req) => {
      // As the older record store's schema check answers a batch over its limit: 400, nothing applied.
      if (req.mutations.length > PUSH_MAX_MUTATIONS_BEFORE_1000) throw new RecordStoreHttpError(400, 'bad-request', 'body/mutations must NOT have more than 500 items');
      return { results: req.mutations.map((m) => ({ mutationId: m.mutationId, status: 'applied' as const, seq: ++seq })) };
    });
    loop = new PushLoop(db, client, crypto.randomUUID(), { backoffBaseMs: 60_000 });
    loop.start();
    await loop.kick();
    expect(requests.map((r) => r.mutations.length)).toEqual([total, PUSH_MAX_MUTATIONS_BEFORE_1000, 150]);
    expect(await db.outbox.count()).toBe(0);
    expect(loop.current.lastError).toBeNull();
    const applied = requests.slice(1).flatMap((r) => r.mutations.map((m) => (m.args as CallRecord).sipCallId));
    expect(applied).toEqual(Array.from({ length: total }, (_, i) => `call-${i}`));
  });

  it('sends a long outbox in order, batch after batch, each row once, and removes only what was answered', async () => {
    // Two full batches and a short third one.
    const full = PUSH_MAX_MUTATIONS;
    const total = 2 * full + 203;
    await db.transaction('rw', db.callRecords, db.outbox, async () => {
      for (let i = 0; i < total; i++) await saveCallRecord(db, call(i));
    });
    let seq = 0;
    const outboxAtRequest: number[] = [];
    const stillQueued: boolean[] = [];
    const { client, requests } = fakeClient(async (req) => {
      outboxAtRequest.push(await db.outbox.count());
      const ids = req.mutations.map((m) => m.mutationId);
      stillQueued.push((await db.outbox.filter((row) => ids.includes(row.mutationId)).count()) === ids.length);
      // The third request fails: the first two batches are gone, everything after stays.
      if (requests.length === 3) throw new RecordStoreUnreachableError(new Error('reset'));
      return { results: req.mutations.map((m) => ({ mutationId: m.mutationId, status: 'applied' as const, seq: ++seq })) };
    });
    loop = new PushLoop(db, client, crypto.randomUUID(), { backoffBaseMs: 60_000 });
    loop.start();
    await loop.kick();
    expect(requests.map((r) => r.mutations.length)).toEqual([full, full, 203]);
    // Every row sent is still queued while its request is out (it leaves only with its ack).
    expect(outboxAtRequest[0]).toBe(total);
    expect(stillQueued).toEqual([true, true, true]);
    expect(await db.outbox.count()).toBe(203);
    expect(loop.current).toMatchObject({ pending: 203, lastError: 'unreachable' });
    await loop.kick();
    const sent = requests.flatMap((r) => r.mutations.map((m) => (m.args as CallRecord).sipCallId));
    // In outbox order; the failed batch is sent again as a whole.
    expect(sent.slice(0, 2 * full)).toEqual(Array.from({ length: 2 * full }, (_, i) => `call-${i}`));
    expect(sent.slice(2 * full, total)).toEqual(sent.slice(total));
    expect(new Set(sent).size).toBe(total);
    expect(await db.outbox.count()).toBe(0);
  });

  it('after a partial answer, sends the unanswered rows first instead of the read-ahead batch', async () => {
    await db.transaction('rw', db.callRecords, db.outbox, async () => {
      for (let i = 0; i < 600; i++) await saveCallRecord(db, call(i));
    });
    let seq = 0;
    const { client, requests } = fakeClient(async (req) => ({
      // The first answer leaves out the batch's last 10 rows.
      results: req.mutations.slice(0, requests.length === 1 ? 490 : undefined).map((m) => ({ mutationId: m.mutationId, status: 'applied' as const, seq: ++seq })),
    }));
    loop = new PushLoop(db, client, crypto.randomUUID());
    loop.start();
    await loop.kick();
    const ids = (r: PushRequest) => r.mutations.map((m) => (m.args as CallRecord).sipCallId);
    expect(requests).toHaveLength(2);
    expect(ids(requests[1]!)).toEqual(Array.from({ length: 110 }, (_, i) => `call-${490 + i}`));
    expect(await db.outbox.count()).toBe(0);
  });

  it('stops on an expired token, asks for a sign-in, keeps everything, and resumes after it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await saveCallRecord(db, call(1));
      let expired = true;
      const { client, requests } = fakeClient(async (req) => {
        if (expired) throw new RecordStoreHttpError(401, 'unauthorized', 'token expired');
        return applyAll(req);
      });
      loop = new PushLoop(db, client, crypto.randomUUID(), { intervalMs: 1000 });
      loop.start();
      await loop.kick();
      expect(loop.current).toMatchObject({ online: true, needsSignIn: true, lastError: '401 unauthorized', pending: 1, nextRetryAt: null });
      await vi.advanceTimersByTimeAsync(120_000);
      expect(requests.length).toBe(1); // no hammering with a dead token
      expired = false;
      await loop.kick();
      expect(loop.current).toMatchObject({ needsSignIn: false, pending: 0, lastError: null });
    } finally {
      vi.useRealTimers();
    }
  });

  it('while a retry is scheduled after an outage, write-driven kicks wait for it but still update the pending count', async () => {
    await saveCallRecord(db, call(0));
    const { client, requests } = fakeClient(async () => {
      throw new RecordStoreUnreachableError('down');
    });
    loop = new PushLoop(db, client, crypto.randomUUID(), { backoffBaseMs: 60_000, backoffCapMs: 60_000 });
    loop.start();
    await loop.kick();
    expect(requests).toHaveLength(1);
    for (let i = 1; i <= 5; i++) {
      await saveCallRecord(db, call(i));
      await loop.kick({ respectBackoff: true });
    }
    expect(requests).toHaveLength(1);
    expect(loop.current).toMatchObject({ pending: 6, online: false });
    // A forced kick (online event, focus, a person's retry) still goes at once.
    await loop.kick();
    expect(requests).toHaveLength(2);
  });

  it('a timed retry during an outage sends one mutation and reads nothing ahead; once answered, the rest goes at once', async () => {
    for (let i = 0; i < 5; i++) await saveCallRecord(db, call(i));
    // Outbox reads by seq (the read-ahead, acknowledgements) made before each request.
    const bySeq = vi.spyOn(db.outbox, 'where');
    const readsBefore: number[] = [];
    let down = 3;
    const { client, requests } = fakeClient(async (req) => {
      readsBefore.push(bySeq.mock.calls.length);
      if (down-- > 0) throw new RecordStoreUnreachableError(new Error('refused'));
      return applyAll(req);
    });
    loop = new PushLoop(db, client, crypto.randomUUID(), { backoffBaseMs: 10, backoffCapMs: 20 });
    loop.start();
    // The first run is a kick: a whole batch (and its read-ahead). Then two timed retries of one
    // mutation each; the third is answered and the other four follow in one batch.
    await vi.waitFor(() => expect(requests.length).toBeGreaterThanOrEqual(5), { timeout: 5_000 });
    // The status is updated after the answered batch left the outbox: wait for both.
    const pushing = loop;
    await vi.waitFor(async () => {
      expect(await db.outbox.count()).toBe(0);
      expect(pushing.current).toMatchObject({ pending: 0, lastError: null, online: true });
    });
    expect(requests.map((r) => r.mutations.length)).toEqual([5, 1, 1, 1, 4]);
    expect(requests.map((r) => (r.mutations[0]!.args as CallRecord).sipCallId)).toEqual(['call-0', 'call-0', 'call-0', 'call-0', 'call-1']);
    // The kick read ahead; the failed retries read nothing more from the outbox.
    expect(readsBefore.slice(1, 4)).toEqual([1, 1, 1]);
    // A kick by hand while the record store is down still tries a whole batch (a person's retry, an online event).
    for (let i = 5; i < 8; i++) await saveCallRecord(db, call(i));
    down = 1;
    await loop.kick();
    expect(requests.at(-1)!.mutations).toHaveLength(3);
  });

  it('says something is pending as soon as a change is queued, before any push or count (native and Dexie writes)', async () => {
    const never = new Promise<PushResponse>(() => undefined);
    const { client, requests } = fakeClient(() => never);
    loop = new PushLoop(db, client, crypto.randomUUID());
    loop.start({ kick: false });
    expect(loop.current.pending).toBe(0);
    await saveCallRecord(db, call(0));
    expect(loop.current).toMatchObject({ pending: 1, oldestPendingAt: expect.any(Number) });
    // A push in flight that never answers: nothing counts, the row is still shown as pending.
    void loop.kick();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(loop.current.pending).toBe(1);
    loop.stop();

    // Through Dexie (a write that joins a Dexie transaction, e.g. a dead letter sent again).
    const other = new PushLoop(db, fakeClient(() => never).client, crypto.randomUUID());
    await db.outbox.clear();
    other.start({ kick: false });
    try {
      await db.transaction('rw', db.callRecords, db.outbox, () => saveCallRecord(db, call(1)));
      expect(other.current.pending).toBe(1);
    } finally {
      other.stop();
    }
    // Stopped loops no longer listen.
    await saveCallRecord(db, call(2));
    expect(loop.current.pending).toBe(1);
  });

  it('a count read that raced a new row does not report it as sent', async () => {
    const { client } = fakeClient(applyAll);
    loop = new PushLoop(db, client, crypto.randomUUID());
    loop.start({ kick: false });
    // The closing count of a push reads the outbox (empty), then waits on the dead letters...
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const count = db.deadLetters.count.bind(db.deadLetters);
    const spy = vi.spyOn(db.deadLetters, 'count').mockImplementationOnce((() => held.then(() => count())) as unknown as typeof db.deadLetters.count);
    const kicked = loop.kick();
    await vi.waitFor(() => expect(spy).toHaveBeenCalled());
    // ... while a change is queued: the count read missed it.
    await saveCallRecord(db, call(0));
    release();
    await kicked;
    expect(await db.outbox.count()).toBe(1);
    expect(loop.current.pending).toBe(1);
    // The next push sends it and the count is exact again.
    await loop.kick();
    expect(loop.current.pending).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('reports another HTTP refusal as reachable but failing, and retries', async () => {
    await saveCallRecord(db, call(1));
    const { client } = fakeClient(async () => {
      throw new RecordStoreHttpError(503, 'unavailable', 'restarting');
    });
    loop = new PushLoop(db, client, crypto.randomUUID(), { backoffBaseMs: 60_000 });
    loop.start();
    await loop.kick();
    expect(loop.current).toMatchObject({ online: true, lastError: '503 unavailable', pending: 1, needsSignIn: false });
    expect(loop.current.nextRetryAt).toBeGreaterThan(Date.now());
  });
});
