import { PULL_MAX_LIMIT, type PullResponse } from '@shared/sync/protocol';
import type { DeskDb } from '../storage/db';
import { applyPageAhead } from '../storage/pulled-ahead';
import { applyPulledPage, pullPosition, restartPull, settleDeferred, sweepUnseen } from '../storage/pulled-changes';
import { RecordStoreHttpError, type RecordStoreClient } from './record-store-client';
import { RetryingLoop } from './retrying-loop';

/** What the pull side reports to the status bar. */
export interface PullStatus {
  online: boolean;
  lastPullAt: number | null;
  lastError: string | null;
  nextRetryAt: number | null;
  /** The record store no longer accepts our token; pulling waits for a new sign-in. */
  needsSignIn: boolean;
  /** A re-bootstrap from cursor 0 (after a 409) is under way. */
  resyncing: boolean;
}

export interface PullLoopOptions {
  /** Safety pull even when no poke arrives (a lost event loses nothing, just waits this long). */
  intervalMs?: number;
  pageSize?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Upper bound of pages per run, so one run always ends; the next run continues from the cursor. */
  maxPagesPerRun?: number;
  /** Pages with at least this many changes are written ahead (pulled-ahead.ts); smaller ones the careful way. */
  aheadMinChanges?: number;
  onStatus?: (status: PullStatus) => void;
}

/**
 * Pulls the org unit's changes by cursor into Dexie, one transaction per page (design.md
 * §4). Runs on a poke, on a timer, and when asked (focus, online); failures back off with
 * a cap. A 409 means the cursor cannot be served: it starts over from 0, keeping the
 * outbox, and at the end removes local rows the server no longer has.
 */
export class PullLoop extends RetryingLoop {
  private status: PullStatus = { online: true, lastPullAt: null, lastError: null, nextRetryAt: null, needsSignIn: false, resyncing: false };
  /** Entity keys seen since a re-bootstrap started from 0 in this session. */
  private seen: Set<string> | null = null;
  private readonly opts: Required<Omit<PullLoopOptions, 'onStatus'>> & Pick<PullLoopOptions, 'onStatus'>;

  constructor(
    private readonly db: DeskDb,
    private readonly client: Pick<RecordStoreClient, 'pull'>,
    options: PullLoopOptions = {},
  ) {
    const opts = {
      intervalMs: options.intervalMs ?? 60_000,
      // The record store's largest page: each page costs a request, a transaction and its metadata writes.
      pageSize: options.pageSize ?? PULL_MAX_LIMIT,
      backoffBaseMs: options.backoffBaseMs ?? 1000,
      backoffCapMs: options.backoffCapMs ?? 15_000,
      maxPagesPerRun: options.maxPagesPerRun ?? 1000,
      // A live shift's pages are small and need no pipelining; a first pull's are the largest.
      aheadMinChanges: options.aheadMinChanges ?? 100,
      onStatus: options.onStatus,
    };
    super(opts);
    this.opts = opts;
  }

  protected succeeded(): void {
    this.patch({ online: true, lastError: null, nextRetryAt: null, lastPullAt: Date.now(), needsSignIn: false });
  }

  protected needsSignIn(description: string): void {
    this.patch({ online: true, lastError: description, nextRetryAt: null, needsSignIn: true });
  }

  protected failed(description: string, serverAnswered: boolean, nextRetryAt: number): void {
    this.patch({ online: serverAnswered, lastError: description, nextRetryAt });
  }

  get current(): PullStatus {
    return this.status;
  }

  protected async drain(): Promise<void> {
    const position = await pullPosition(this.db);
    const resyncing = position.resyncing;
    let cursor = position.cursor;
    let mark = position.purgedThrough;
    if (resyncing && !this.seen) {
      // A re-bootstrap interrupted by a restart: its seen-set is gone, so it starts over.
      await restartPull(this.db);
      cursor = 0;
      mark = 0;
      this.seen = new Set();
    }
    this.patch({ resyncing });
    let restarted = false;
    // The last page written ahead, until it is stored: the next page is written beside its commit.
    let committing: Promise<void> = Promise.resolve();
    let ahead = true;
    try {
      // The next page is fetched while this one is written to IndexedDB; it is applied only after it.
      let next: Promise<PullResponse> | null = this.fetch(cursor, mark);
      for (let pages = 0; next && pages < this.opts.maxPagesPerRun && !this.stopped; pages++) {
        let page;
        try {
          page = await next;
        } catch (error) {
          if (error instanceof RecordStoreHttpError && error.status === 409 && !restarted) {
            restarted = true; // a second 409 in one run is a server problem, reported as an error
            await committing;
            await restartPull(this.db);
            this.seen = new Set();
            cursor = 0;
            mark = 0;
            this.patch({ resyncing: true });
            next = this.fetch(cursor, mark);
            continue;
          }
          throw error;
        }
        next = page.more && pages + 1 < this.opts.maxPagesPerRun ? this.fetch(page.cursor, page.purgedThrough) : null;
        const applied = await this.apply(page, cursor, committing, ahead);
        committing = applied.committing;
        committing.catch(() => undefined); // awaited with the next page or at the end of the run
        if (applied.redone) ahead = false; // what ruled the guess out (unsent changes, held versions) stays for this run
        cursor = page.cursor;
        mark = page.purgedThrough;
        if (!page.more) {
          await committing;
          if (this.seen) {
            await sweepUnseen(this.db, this.seen);
            this.seen = null;
            this.patch({ resyncing: false });
          }
          await settleDeferred(this.db);
          return;
        }
      }
    } finally {
      // Never left committing behind a finished run (its failure is this run's, when nothing else failed first).
      await committing.catch(() => undefined);
    }
    await committing;
  }

  /**
   * Applies one page after the page before it (`committing`, starting at `after`). A large page
   * is written ahead (pulled-ahead.ts): its rows go to IndexedDB while the page before it is
   * still committing, and its own commit is returned to be awaited later. When the guess does
   * not hold (`redone`), or a small page is not worth it, the page is applied the careful way
   * once the page before it is stored.
   */
  private async apply(page: PullResponse, after: number, committing: Promise<void>, ahead: boolean): Promise<{ committing: Promise<void>; redone: boolean }> {
    const written = ahead && page.changes.length >= this.opts.aheadMinChanges ? applyPageAhead(this.db, page, after, this.seen ?? undefined) : null;
    if (written && (await written.verdict) === 'ahead') {
      // Its checks answered after the page before it committed (the pull's transactions queue), so that one is stored.
      await committing;
      return { committing: written.committed, redone: false };
    }
    await written?.committed;
    await committing; // the page before it failed: this page must not be stored either
    await applyPulledPage(this.db, page, this.seen ?? undefined);
    return { committing: Promise.resolve(), redone: written !== null };
  }

  /** One page request; its failure is handled by whoever awaits it, so an unused read-ahead stays quiet. */
  private fetch(cursor: number, mark: number): Promise<PullResponse> {
    const request = this.client.pull(cursor, this.opts.pageSize, mark);
    request.catch(() => undefined);
    return request;
  }

  private patch(patch: Partial<PullStatus>): void {
    this.status = { ...this.status, ...patch };
    this.opts.onStatus?.(this.status);
  }
}
