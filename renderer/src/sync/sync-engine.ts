import type { DeskDb } from '../storage/db';
import { EventStream, type EventStreamState } from './event-stream';
import { PullLoop, type PullStatus } from './pull-loop';
import { PushLoop, type SyncStatus } from './push-loop';
import type { RecordStoreClient } from './record-store-client';

/** Longest a pull waits for a push in flight (see SyncEngine.pullSoon). */
const PULL_HOLD_MS = 5_000;

/** Everything the status bar shows about sync: the push side plus pull, live updates and the network. */
export interface SyncView extends SyncStatus {
  /** The operating system believes the network is up (`navigator.onLine`). */
  network: boolean;
  /** The poke stream: open, reconnecting, or off. */
  liveUpdates: EventStreamState;
  lastPullAt: number | null;
  /** Re-downloading everything after the record store refused our cursor (409). */
  resyncing: boolean;
}

export interface SyncEngineOptions {
  onStatus: (view: SyncView) => void;
  pushIntervalMs?: number;
  pullIntervalMs?: number;
  /** Where `focus`, `online` and `offline` come from (the window; absent in Node tests). */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Reads whether the network is up; defaults to `navigator.onLine`. */
  networkUp?: () => boolean;
}

/** The two loops' reports folded into one honest view. */
export function combineStatus(push: SyncStatus, pull: PullStatus, liveUpdates: EventStreamState, network: boolean): SyncView {
  const times = [push.lastSyncAt, pull.lastPullAt].filter((t): t is number => t !== null);
  const retries = [push.nextRetryAt, pull.nextRetryAt].filter((t): t is number => t !== null);
  // The record store answering is the truth: an open event stream means it is reachable even
  // where the browser reports no network (an embedded store on loopback, a LAN with no default
  // route), so the status bar never says "network down" beside "all synced".
  const reachable = network || liveUpdates === 'open';
  return {
    ...push,
    online: reachable && push.online && pull.online,
    lastSyncAt: times.length > 0 ? Math.max(...times) : null,
    lastError: push.lastError ?? pull.lastError,
    nextRetryAt: retries.length > 0 ? Math.min(...retries) : null,
    needsSignIn: push.needsSignIn || pull.needsSignIn,
    network: reachable,
    liveUpdates,
    lastPullAt: pull.lastPullAt,
    resyncing: pull.resyncing,
  };
}

/**
 * Push, pull and the poke stream of one workstation, started and stopped together (under
 * the leader lock, so two windows never run two). Pulls on a poke, on the safety timer,
 * when the window gets focus and when the network comes back; pushes after local writes.
 */
export class SyncEngine {
  readonly push: PushLoop;
  readonly pull: PullLoop;
  readonly stream: EventStream;
  private network: boolean;
  private detach: Array<() => void> = [];
  /** A pull waiting for the push in flight (see pullSoon). */
  private pullHeld: ReturnType<typeof setTimeout> | null = null;

  constructor(
    db: DeskDb,
    client: RecordStoreClient,
    clientId: string,
    private readonly options: SyncEngineOptions,
  ) {
    const networkUp = options.networkUp ?? (() => globalThis.navigator?.onLine ?? true);
    this.network = networkUp();
    const report = () => this.report();
    this.push = new PushLoop(db, client, clientId, { intervalMs: options.pushIntervalMs, onStatus: report, onSettled: () => this.releasePull() });
    this.pull = new PullLoop(db, client, { intervalMs: options.pullIntervalMs, onStatus: report });
    this.stream = new EventStream(client, { onPoke: () => this.pullSoon(), onOpen: () => this.pullSoon(), onState: report });
  }

  /**
   * Pulls now, or, while a push is draining the outbox, right after it (at most PULL_HOLD_MS
   * later). Every pushed batch pokes every desk of the unit, this one too, so pulling beside a
   * long push fetches our own changes back page after page while the record store (one event
   * loop, two cores here) is still applying the rest: the offline-writes bench converged
   * markedly later with the pull-back running beside the push. Nothing is lost by waiting: the
   * cursor pull fetches it all once after.
   */
  private pullSoon(): void {
    if (!this.push.busy) {
      this.releasePull();
      void this.pull.kick();
      return;
    }
    this.pullHeld ??= setTimeout(() => this.releasePull(), PULL_HOLD_MS);
  }

  /** Lets a held pull go (after a push run, or when it was held long enough). */
  private releasePull(): void {
    if (this.pullHeld === null) return;
    clearTimeout(this.pullHeld);
    this.pullHeld = null;
    void this.pull.kick();
  }

  get view(): SyncView {
    return combineStatus(this.push.current, this.pull.current, this.stream.current, this.network);
  }

  start(): void {
    this.push.start();
    this.pull.start({ kick: false });
    this.pullSoon();
    this.stream.start();
    const on = (type: string, handler: () => void) => {
      this.options.events?.addEventListener(type, handler);
      this.detach.push(() => this.options.events?.removeEventListener(type, handler));
    };
    on('focus', () => this.kickAll());
    on('online', () => {
      this.network = true;
      this.stream.reconnect();
      this.kickAll();
    });
    on('offline', () => {
      this.network = false;
      this.report();
    });
  }

  stop(): void {
    this.detach.forEach((d) => d());
    this.detach = [];
    if (this.pullHeld !== null) clearTimeout(this.pullHeld);
    this.pullHeld = null;
    this.push.stop();
    this.pull.stop();
    void this.stream.stop();
  }

  /** After a local write: pushes now, unless a retry after a failure is already scheduled. */
  kickPush(): void {
    void this.push.kick({ respectBackoff: true });
  }

  /** After a new sign-in: everything that was parked on the old token resumes. */
  resume(): void {
    this.stream.reconnect();
    this.kickAll();
  }

  private kickAll(): void {
    void this.push.kick();
    this.pullSoon();
  }

  private report(): void {
    this.options.onStatus(this.view);
  }
}
