import { PUSH_MAX_BYTES, PUSH_MAX_MUTATIONS, PUSH_MAX_MUTATIONS_BEFORE_1000, type MutationResult, type PushResponse } from '@shared/sync/protocol';
import type { DeadLetter, DeskDb, OutboxRow } from '../storage/db';
import { onActionAdded } from '../storage/action-tx';
import { nextBatch, outboxStats } from '../storage/outbox';
import { entityKeyOf, recordAcks } from '../storage/pulled-changes';
import { RecordStoreHttpError, type RecordStoreClient } from './record-store-client';
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
  /** After every run, success or not, once the loop is no longer busy (the engine lets a held pull go then). */
  onSettled?: () => void;
}

/**
 * Pushes the outbox to the record store in order. A row leaves the outbox only after the
 * server acknowledged it (applied, or rejected into the dead-letter list), so a lost request
 * or response just means the same mutation ids are sent again, which the server answers
 * from its stored results.
 */
export class PushLoop extends RetryingLoop {
  private status: SyncStatus = { online: true, pending: 0, oldestPendingAt: null, lastSyncAt: null, lastError: null, nextRetryAt: null, refused: 0, needsSignIn: false };
  private readonly opts: Required<Omit<PushLoopOptions, 'onStatus' | 'onSettled'>> & Pick<PushLoopOptions, 'onStatus' | 'onSettled'>;
  private counting: Promise<void> = Promise.resolve();
  /** A count read that has not started yet (see refreshCounts). */
  private queuedCount: Promise<void> | null = null;
  /** When the last count read started (epoch ms), and the count a write-driven kick waits for. */
  private lastCountAt = 0;
  private trailingCount: Promise<void> | null = null;
  /** Outbox rows added since the loop started (see `queued`). */
  private added = 0;
  private detachWrites: (() => void) | null = null;
  /** Mutations per request: lowered for good once a record store from before the 1,000 limit refused a larger batch. */
  private batchLimit = PUSH_MAX_MUTATIONS;

  constructor(
    private readonly db: DeskDb,
    private readonly client: RecordStoreClient,
    private readonly clientId: string,
    options: PushLoopOptions = {},
  ) {
    const opts = { intervalMs: options.intervalMs ?? 10_000, backoffBaseMs: options.backoffBaseMs ?? 1000, backoffCapMs: options.backoffCapMs ?? 15_000, onStatus: options.onStatus, onSettled: options.onSettled };
    super(opts);
    this.opts = opts;
  }

  override start(options: { kick?: boolean } = {}): void {
    if (!this.detachWrites) {
      // Returns nothing, so as a `creating` hook it leaves the row's key alone.
      const queued = () => this.queued();
      const detachNative = onActionAdded(this.db, 'outbox', queued);
      this.db.outbox.hook('creating', queued);
      this.detachWrites = () => {
        detachNative();
        this.db.outbox.hook('creating').unsubscribe(queued);
      };
    }
    super.start(options);
  }

  override stop(): void {
    this.detachWrites?.();
    this.detachWrites = null;
    super.stop();
  }

  /**
   * A row entered the outbox: the status bar no longer says "nothing pending", at once. The
   * exact count follows with the next count read; until then "0 pending" would claim a change
   * was on the record store while it was still only here (a finalise seen done on screen read
   * "0 pending" for up to a push's round trip).
   */
  private queued(): void {
    this.added++;
    if (this.status.pending === 0) this.patch({ pending: 1, oldestPendingAt: this.status.oldestPendingAt ?? Date.now() });
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

  protected override ended(): void {
    this.opts.onSettled?.();
  }

  /**
   * A write during an outage shows in the pending count within DEFERRED_COUNT_MS: write-driven
   * kicks share one count per window (counting the outbox after every call of an offline shift
   * cost ~4 % of the writes' time in the offline-writes bench).
   */
  protected override deferred(): Promise<void> {
    const wait = this.lastCountAt + DEFERRED_COUNT_MS - Date.now();
    if (wait <= 0) return this.refreshCounts();
    this.trailingCount ??= new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => {
      this.trailingCount = null;
      // Stopped meanwhile (sign-out, another window took over): its database may be closed.
      return this.stopped ? undefined : this.refreshCounts();
    });
    return this.trailingCount;
  }

  get current(): SyncStatus {
    return this.status;
  }

  /**
   * Sends batches in outbox order, one request at a time (the server applies them in arrival
   * order). While a request is out, the rows after it are read already, and a batch's
   * acknowledgement transaction runs while the next request is out: a row still leaves the
   * outbox only in the transaction that records its ack, so at worst a crash resends it.
   */
  protected async drain(): Promise<void> {
    // A timed retry during an outage tries one mutation and reads nothing ahead: a whole try read
    // two batches of up to a thousand rows (and their notes) from the outbox every time, and the
    // person's actions waited behind those reads. Once it is answered, the rest goes in full batches.
    let probing = this.retrying;
    let batch = fitToBytes(await nextBatch(this.db, probing ? 1 : this.batchLimit));
    // Read from the head of the outbox, so every row below the first one has left it acknowledged.
    let ackedThrough = ackedBelow(batch);
    let acking: Promise<void> = Promise.resolve();
    try {
      while (batch.length > 0) {
        const ahead = probing ? null : nextBatch(this.db, this.batchLimit, batch.at(-1)!.seq);
        ahead?.catch(() => undefined); // unused when this request fails; its own error surfaces below otherwise
        let response: PushResponse;
        try {
          response = await this.client.push({
            clientId: this.clientId,
            mutations: batch.map(numbered),
            ...(ackedThrough === undefined ? {} : { ackedThrough }),
          });
        } catch (error) {
          if (!this.olderStoreRefused(error, batch.length)) throw error;
          // The same rows again, in batches the older record store takes.
          batch = batch.slice(0, this.batchLimit);
          continue;
        }
        await acking; // the previous batch's acknowledgement first, so dead letters and acks land in order
        const results = new Map(response.results.map((r) => [r.mutationId, r]));
        const answered = batch.filter((r) => results.has(r.mutationId)).length;
        if (answered === 0) throw new Error('push-not-acknowledged');
        acking = this.acknowledge(batch, results);
        acking.catch(() => undefined); // awaited before the next batch or at the end
        // Rows the server did not answer go first next time, so the read-ahead is only used when all were answered.
        if (answered === batch.length) batch = fitToBytes(await (ahead ?? nextBatch(this.db, this.batchLimit, batch.at(-1)!.seq)));
        else {
          await acking;
          batch = fitToBytes(await nextBatch(this.db, this.batchLimit));
          ackedThrough = ackedBelow(batch) ?? ackedThrough;
        }
        probing = false;
      }
    } finally {
      await acking;
    }
  }

  /**
   * A record store not yet updated takes at most 500 mutations per request and answers a
   * larger batch 400 as a whole; workstations may be updated before it. Lowers the limit for
   * the rest of this loop, so the same rows go again at once in batches it takes.
   */
  private olderStoreRefused(error: unknown, sent: number): boolean {
    if (!(error instanceof RecordStoreHttpError) || error.status !== 400 || sent <= PUSH_MAX_MUTATIONS_BEFORE_1000) return false;
    this.batchLimit = PUSH_MAX_MUTATIONS_BEFORE_1000;
    return true;
  }

  /** Removes the answered rows and records their acks (and dead letters) in one transaction. */
  private async acknowledge(batch: OutboxRow[], results: Map<string, MutationResult>): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, this.db.deadLetters, this.db.meta, async () => {
      const acks: Array<[string, number]> = [];
      const dead: DeadLetter[] = [];
      // Runs of answered rows as seq ranges: a batch is a contiguous slice of the outbox, so a range holds
      // exactly those rows, and one range delete costs IndexedDB far less than a delete per row (~6x in Chromium).
      const runs: Array<[number, number]> = [];
      let open = false;
      const at = Date.now();
      for (const row of batch) {
        const result = results.get(row.mutationId);
        if (!result) {
          open = false; // not acknowledged: stays for the next push
          continue;
        }
        if (result.status === 'rejected') {
          // Applied and acknowledged before (a crash between the server's answer and our ack): nothing to keep.
          if (result.reason !== ALREADY_ACKNOWLEDGED) dead.push({ mutationId: row.mutationId, mutation: row.mutation, result, at });
        } else {
          const key = entityKeyOf(row.mutation);
          if (key) acks.push([key, result.seq]);
        }
        if (open) runs.at(-1)![1] = row.seq!;
        else runs.push([row.seq!, row.seq!]);
        open = true;
      }
      if (dead.length > 0) await this.db.deadLetters.bulkPut(dead);
      for (const [from, to] of runs) await this.db.outbox.where('seq').between(from, to, true, true).delete();
      // With the outbox row gone, a pull page fetched earlier must still not put an older version over this change.
      await recordAcks(this.db, acks);
    });
    void this.refreshCounts().catch(() => undefined); // off the push's path; `settled` refreshes it for sure
  }

  /**
   * Counts for the status bar, one read at a time so an older count never lands after a newer one.
   * Callers arriving while a read waits for its turn share it (it starts after their writes), so a
   * burst of writes during an outage costs one count of the outbox, not one per write.
   */
  private refreshCounts(): Promise<void> {
    if (this.queuedCount) return this.queuedCount;
    const read = this.counting.then(async () => {
      this.queuedCount = null;
      this.lastCountAt = Date.now();
      const addedBefore = this.added;
      const [stats, refused] = await Promise.all([outboxStats(this.db), this.db.deadLetters.count()]);
      // A row added while the count read ran may be missing from it: never report less than was shown for it.
      const pending = this.added === addedBefore ? stats.pending : Math.max(stats.pending, this.status.pending);
      this.patch({ pending, oldestPendingAt: pending === 0 ? null : (stats.oldestCreatedAt ?? this.status.oldestPendingAt), refused });
    });
    this.queuedCount = read;
    this.counting = read.catch(() => undefined);
    return read;
  }

  private patch(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.opts.onStatus?.(this.status);
  }
}

/** The record store's answer to a mutation at or below the client's acknowledged point (server/sync/client-acks.ts). */
const ALREADY_ACKNOWLEDGED = 'already-acknowledged';

/**
 * The mutation with its outbox number (`clientSeq`), so the record store can forget results
 * this workstation has acknowledged (issue 18) and still never apply one twice.
 */
function numbered(row: OutboxRow): OutboxRow['mutation'] {
  return row.seq === undefined ? row.mutation : Object.assign({}, row.mutation, { clientSeq: row.seq });
}

/** For a batch read from the head of the outbox: the highest outbox number that has left it (acknowledged). */
function ackedBelow(batch: OutboxRow[]): number | undefined {
  const first = batch[0]?.seq;
  return first !== undefined && first > 0 ? first - 1 : undefined;
}

/** How stale the pending count may be after a write during an outage. */
const DEFERRED_COUNT_MS = 200;

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
