import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse, PushRequest } from '@shared/sync/protocol';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { saveCallRecord } from '../storage/call-repository';
import { DeskDb } from '../storage/db';
import { restartPull } from '../storage/pulled-changes';
import { PullLoop } from './pull-loop';
import { PushLoop } from './push-loop';
import type { RecordStoreClient } from './record-store-client';

/**
 * Issue 15: at the end of a re-download from cursor 0 the clean-up removes local rows the
 * server did not send. A record pushed and acknowledged while the last page was in flight
 * is on no page (the page was cut before its seq) and no longer in the outbox: it was
 * deleted, so a live case disappeared. Acknowledged, not-yet-pulled records must survive.
 */
describe('re-download clean-up', () => {
  let db: DeskDb;
  const stops: Array<() => void> = [];
  beforeEach(() => {
    db = new DeskDb(`resync-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    stops.splice(0).forEach((stop) => stop());
    await db.delete();
  });

  it('keeps a record pushed and acknowledged while the last page was in flight', async () => {
    const mine = callRecordFixture();
    await saveCallRecord(db, mine);
    await restartPull(db); // a re-bootstrap from 0 is under way

    let answerPage = (_: PullResponse): void => undefined;
    let pullAsked = (): void => undefined;
    const asked = new Promise<void>((r) => (pullAsked = r));
    const pullClient = {
      pull: () => {
        pullAsked();
        return new Promise<PullResponse>((r) => (answerPage = r));
      },
    } as unknown as Pick<RecordStoreClient, 'pull'>;
    const pushClient = {
      push: async (req: PushRequest) => ({ results: req.mutations.map((m) => ({ mutationId: m.mutationId, status: 'applied' as const, seq: 7 })) }),
    } as unknown as RecordStoreClient;

    const pull = new PullLoop(db, pullClient, { intervalMs: 60_000 });
    stops.push(() => pull.stop());
    pull.start();
    await asked; // the last (only) page is in flight, cut at seq 5

    const push = new PushLoop(db, pushClient, crypto.randomUUID(), { intervalMs: 60_000 });
    stops.push(() => push.stop());
    push.start();
    await push.kick();
    expect(await db.outbox.count()).toBe(0); // acknowledged at seq 7

    answerPage({ changes: [], cursor: 5, more: false, purgedThrough: 0 });
    await expect.poll(() => pull.current.lastPullAt).not.toBeNull();
    expect(pull.current.resyncing).toBe(false);
    expect(await db.callRecords.get(mine.id)).toEqual(mine);
  });
});
