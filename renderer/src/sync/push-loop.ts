import { PUSH_MAX_BYTES, PUSH_MAX_MUTATIONS } from '@shared/sync/protocol';
import type { DeskDb, OutboxRow } from '../storage/db';
import { nextBatch, outboxStats } from '../storage/outbox';
import { entityKeyOf, recordAcks } from '../storage/pulled-changes';
import type { RecordStoreClient } from './record-store-client';
import { RetryingLoop } from './retrying-loop';

/** What the status bar shows about sync, always honest. */
export interface SyncStatus {
  online: boolean;
  pending: number;
  oldestPendingAt: number | null;
  lastSyncAt: number | null;
  lastError: string | null;
  /** Epoch ms of the next retry after a failure. */
  nextRetryAt: number | null;
  /** Mutations the server refused for good (dead letters). */
  refused: number;
  /**
   * The record store no longer accepts our token (expired or revoked). Pushing stops until
   * the person signs in again; everything stays queued locally.
   */
  needsSignIn: boolean;
}

export interface PushLoopOptions {
  /** Safety retry even when nothing new is written. */
  intervalMs?: number;
  backoffBaseMs?: number;
  /** Longest wait between retries while the record store is down: it is back in use within this after a restart. */
  backoffCapMs?: number;
  onStatus?: (status: SyncStatus) => void;
}

/**
 * Pushes the outbox to the record store in order. A row leaves the outbox only after the
 * server acknowledged it (applied, or rejected into the dead-letter list), so a lost request
 * or response just means the same mutation ids are sent again, which the server answers
 * from its stored results.
 */
export class PushLoop extends RetryingLoop {
  private status: SyncStatus = { online: true, pending: 0, oldestPendingAt: null, lastSyncAt: null, lastError: null, nextRetryAt: null, refused: 0, needsSignIn: false };
  private readonly opts: Required<Omit<PushLoopOptions, 'onStatus'>> & Pick<PushLoopOptions, 'onStatus'>;

  constructor(
    private readonly db: DeskDb,
    private readonly client: RecordStoreClient,
    private readonly clientId: string,
    options: PushLoopOptions = {},
  ) {
    const opts = { intervalMs: options.intervalMs ?? 10_000, backoffBaseMs: options.backoffBaseMs ?? 1000, backoffCapMs: options.backoffCapMs ?? 15_000, onStatus: options.onStatus };
    super(opts);
    this.opts = opts;
  }

  protected succeeded(): void {
    this.patch({ online: true, lastError: null, nextRetryAt: null, lastSyncAt: Date.now(), needsSignIn: false });
  }

  protected needsSignIn(description: string): void {
    this.patch({ online: true, lastError: description, nextRetryAt: null, needsSignIn: true });
  }

  protected failed(description: string, serverAnswered: boolean, nextRetryAt: number): void {
    this.patch({ online: serverAnswered, lastError: description, nextRetryAt });
  }

  protected override settled(): Promise<void> {
    return this.refreshCounts();
  }

  // A write during an outage still shows in the pending count at once.
  protected override deferred(): Promise<void> {
    return this.refreshCounts();
  }

  get current(): SyncStatus {
    return this.status;
  }

  protected async drain(): Promise<void> {
    for (;;) {
      const batch = fitToBytes(await nextBatch(this.db, PUSH_MAX_MUTATIONS));
      if (batch.length === 0) return;
      const response = await this.client.push({ clientId: this.clientId, mutations: batch.map((r) => r.mutation) });
      const results = new Map(response.results.map((r) => [r.mutationId, r]));
      await this.db.transaction('rw', this.db.outbox, this.db.deadLetters, this.db.meta, async () => {
        const acks: Array<[string, number]> = [];
        for (const row of batch) {
          const result = results.get(row.mutationId);
          if (!result) continue; // not acknowledged: stays for the next push
          if (result.status === 'rejected') {
            await this.db.deadLetters.put({ mutationId: row.mutationId, mutation: row.mutation, result, at: Date.now() });
          } else {
            const key = entityKeyOf(row.mutation);
            if (key) acks.push([key, result.seq]);
          }
          await this.db.outbox.delete(row.seq!);
        }
        // With the outbox row gone, a pull page fetched earlier must still not put an older version over this change.
        await recordAcks(this.db, acks);
      });
      await this.refreshCounts();
      if (!batch.some((r) => results.has(r.mutationId))) throw new Error('push-not-acknowledged');
    }
  }

  private async refreshCounts(): Promise<void> {
    const [stats, refused] = await Promise.all([outboxStats(this.db), this.db.deadLetters.count()]);
    this.patch({ pending: stats.pending, oldestPendingAt: stats.oldestCreatedAt, refused });
  }

  private patch(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.opts.onStatus?.(this.status);
  }
}

/** Keeps a batch under the byte limit (always at least one row, so a large row still moves). */
function fitToBytes(rows: OutboxRow[]): OutboxRow[] {
  let bytes = 0;
  const out: OutboxRow[] = [];
  for (const row of rows) {
    bytes += JSON.stringify(row.mutation).length;
    if (out.length > 0 && bytes > PUSH_MAX_BYTES * 0.9) break;
    out.push(row);
  }
  return out;
}
