import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse, PushRequest, PushResponse } from '@shared/sync/protocol';
import { saveCallRecord } from '../storage/call-repository';
import { DeskDb } from '../storage/db';
import type { PullStatus } from './pull-loop';
import type { SyncStatus } from './push-loop';
import type { RecordStoreClient } from './record-store-client';
import { combineStatus, SyncEngine, type SyncView } from './sync-engine';

const push: SyncStatus = { online: true, pending: 2, oldestPendingAt: 5, lastSyncAt: 100, lastError: null, nextRetryAt: null, refused: 0, needsSignIn: false };
const pull: PullStatus = { online: true, lastPullAt: 200, lastError: null, nextRetryAt: null, needsSignIn: false, resyncing: false };

describe('combineStatus', () => {
  it('is online only when the network, push and pull all are; reports the newest sync, the first error and the soonest retry', () => {
    expect(combineStatus(push, pull, 'open', true)).toMatchObject({ online: true, lastSyncAt: 200, lastPullAt: 200, pending: 2, liveUpdates: 'open' });
    expect(combineStatus(push, pull, 'connecting', false)).toMatchObject({ online: false, network: false });
    // The browser says offline, but the record store's event stream is open: it is reachable.
    expect(combineStatus(push, pull, 'open', false)).toMatchObject({ online: true, network: true });
    const failing = combineStatus({ ...push, nextRetryAt: 900 }, { ...pull, online: false, lastError: 'unreachable', nextRetryAt: 400, needsSignIn: true }, 'connecting', true);
    expect(failing).toMatchObject({ online: false, lastError: 'unreachable', nextRetryAt: 400, needsSignIn: true });
  });
});

describe('SyncEngine', () => {
  let db: DeskDb;
  let engine: SyncEngine | undefined;
  beforeEach(() => {
    db = new DeskDb(`engine-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    engine?.stop();
    await db.delete();
  });

  it('pulls again when the window gets focus or the network comes back, and shows the network going away', async () => {
    const pulls: number[] = [];
    const client = {
      push: async (req: PushRequest): Promise<PushResponse> => ({ results: req.mutations.map((m) => ({ mutationId: m.mutationId, status: 'applied' as const, seq: 1 })) }),
      pull: async (cursor: number): Promise<PullResponse> => (pulls.push(cursor), { changes: [], cursor, more: false, purgedThrough: 0 }),
      // The event stream never opens in this test.
      openEvents: () => new Promise<never>(() => undefined),
    } as unknown as RecordStoreClient;
    const target = new EventTarget();
    const views: SyncView[] = [];
    let network = true;
    engine = new SyncEngine(db, client, crypto.randomUUID(), { onStatus: (v) => views.push(v), events: target, networkUp: () => network });
    engine.start();
    await expect.poll(() => pulls.length).toBe(1);
    target.dispatchEvent(new Event('focus'));
    await expect.poll(() => pulls.length).toBe(2);
    network = false;
    target.dispatchEvent(new Event('offline'));
    expect(views.at(-1)).toMatchObject({ network: false, online: false });
    network = true;
    target.dispatchEvent(new Event('online'));
    await expect.poll(() => pulls.length).toBe(3);
    await expect.poll(() => views.at(-1)?.online).toBe(true);
    engine.stop();
    target.dispatchEvent(new Event('focus'));
    await new Promise((r) => setTimeout(r, 20));
    expect(pulls.length).toBe(3);
  });

  it('holds pulls while a push drains the outbox, and pulls once right after it', async () => {
    await saveCallRecord(db, { id: crypto.randomUUID(), sipCallId: 'a@b', direction: 'inbound', remoteNumber: '13800138000', dialedNumber: '96110', startedAt: 1_700_000_000_000, answeredAt: null, endedAt: null, endReason: null });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pulls: number[] = [];
    const client = {
      push: async (req: PushRequest): Promise<PushResponse> => {
        await gate;
        return { results: req.mutations.map((m) => ({ mutationId: m.mutationId, status: 'applied' as const, seq: 1 })) };
      },
      pull: async (cursor: number): Promise<PullResponse> => (pulls.push(cursor), { changes: [], cursor, more: false, purgedThrough: 0 }),
      openEvents: () => new Promise<never>(() => undefined),
    } as unknown as RecordStoreClient;
    const target = new EventTarget();
    engine = new SyncEngine(db, client, crypto.randomUUID(), { onStatus: () => undefined, events: target, networkUp: () => true });
    engine.start();
    target.dispatchEvent(new Event('focus'));
    await new Promise((r) => setTimeout(r, 100));
    expect(pulls).toEqual([]);
    release();
    await expect.poll(() => pulls.length).toBe(1);
    await expect.poll(async () => db.outbox.count()).toBe(0);
  });
});
