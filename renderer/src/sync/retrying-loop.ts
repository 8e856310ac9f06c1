import { backoffDelay } from '../softphone/backoff';
import { RecordStoreHttpError } from './record-store-client';

/** When a loop runs again: after success, and after failures (capped exponential backoff). */
export interface LoopTiming {
  intervalMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

/** A short, stable text for the status bar: HTTP status and code, or "unreachable". */
export function describeSyncError(error: unknown): string {
  if (error instanceof RecordStoreHttpError) return `${error.status} ${error.code}`;
  if (error instanceof Error) return error.name === 'RecordStoreUnreachableError' ? 'unreachable' : error.message;
  return 'unknown';
}

/**
 * One direction of sync (push or pull): `drain` runs now when kicked, again on a timer
 * after success, and with capped backoff after a failure. Kicks during a run coalesce into
 * one more run. A 401 stops the timer until `start` or `kick` after a new sign-in: a dead
 * token cannot succeed by retrying.
 */
export abstract class RetryingLoop {
  private inflight: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  /** The last run drained everything (a failed or refused one leaves the next run to its timer or a sign-in). */
  private lastRunOk = false;
  private timer?: ReturnType<typeof setTimeout>;
  /** The run under way was started by the backoff timer after a failure (see `retrying`). */
  private timerRetry = false;
  protected stopped = true;

  protected constructor(private readonly timing: LoopTiming) {}

  /** Starts the loop; `kick: false` leaves the first run to whoever kicks it. */
  start(options: { kick?: boolean } = {}): void {
    this.stopped = false;
    if (options.kick !== false) void this.kick();
  }

  /** A run is in flight. */
  get busy(): boolean {
    return this.inflight !== null;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Runs now (or once more right after the run in flight); resolves when that run is over.
   * `respectBackoff` is for kicks caused by local writes: while a retry is already scheduled
   * after a failure, they leave it to that retry (and only `deferred` runs). Otherwise every
   * keystroke-driven write during an outage would re-read and re-send a whole batch to a
   * record store that is known to be down (the 10,000-offline-changes bench measured it).
   */
  kick(options: { respectBackoff?: boolean } = {}): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (options.respectBackoff && this.failures > 0 && this.timer !== undefined && !this.inflight) return this.deferred();
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    this.inflight = this.run().finally(() => {
      this.inflight = null;
      this.ended();
      // A kick that came while `settled` ran found the drain loop already left: it still gets
      // its run (after a success; after a failure the backoff timer is that run).
      if (this.again && this.lastRunOk && !this.stopped) void this.kick();
    });
    return this.inflight;
  }

  /**
   * This drain is a timed retry after a failure: the record store may well still be out of
   * reach, so a drain may try with less (a kick from a write, an online event or a person's
   * retry is not one of these).
   */
  protected get retrying(): boolean {
    return this.timerRetry;
  }

  /** Does the work until nothing is left; throws on failure. */
  protected abstract drain(): Promise<void>;
  /** A run drained everything. */
  protected abstract succeeded(): void;
  /** The record store refused our token. */
  protected abstract needsSignIn(description: string): void;
  /** Any other failure; `serverAnswered` is false when the record store could not be reached. */
  protected abstract failed(description: string, serverAnswered: boolean, nextRetryAt: number): void;
  /** A kick that respected the backoff and so did not run. */
  protected async deferred(): Promise<void> {}
  /** After every run, success or not. */
  protected async settled(): Promise<void> {}
  /** Once a run is over and the loop is no longer busy. */
  protected ended(): void {}

  private async run(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      do {
        this.again = false;
        await this.drain();
        this.timerRetry = false;
      } while (this.again && !this.stopped);
      this.failures = 0;
      this.lastRunOk = true;
      this.succeeded();
      this.schedule(this.timing.intervalMs);
    } catch (error) {
      this.timerRetry = false;
      this.lastRunOk = false;
      if (error instanceof RecordStoreHttpError && error.status === 401) {
        // Retrying with a dead token cannot succeed; wait for a new sign-in (see Workstation.reauthenticate).
        this.needsSignIn(describeSyncError(error));
        return;
      }
      const delay = backoffDelay(this.failures++, { baseMs: this.timing.backoffBaseMs, capMs: this.timing.backoffCapMs });
      this.failed(describeSyncError(error), error instanceof RecordStoreHttpError, Date.now() + delay);
      this.schedule(delay);
    } finally {
      await this.settled();
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.stopped)
      this.timer = setTimeout(() => {
        this.timer = undefined;
        // A retry after a failure (not the interval's run after a success), unless a run is under way.
        if (this.failures > 0 && !this.inflight) this.timerRetry = true;
        void this.kick();
      }, delay);
  }
}
