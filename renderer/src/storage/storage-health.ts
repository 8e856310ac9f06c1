/**
 * Is local storage able to keep what the agent types? Asks for persistent storage (so the
 * browser does not evict IndexedDB under pressure), watches the usage estimate, and turns
 * quota and abort errors from any write into a blocking state the UI must show: a write
 * that fails silently is exactly the data loss this product exists to prevent.
 */

export type StorageProblem = 'quota' | 'write-failed';

export interface StorageHealth {
  /** The browser granted persistent storage (null: not asked yet or not supported). */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
  /** Set by a failed write; cleared only when a test write succeeds again. */
  problem: StorageProblem | null;
  /** Message of the error that set `problem`. */
  detail: string | null;
  /** Usage above `WARN_RATIO` of the quota. */
  nearlyFull: boolean;
}

/** Warn before the quota is hit, while there is still room to sync and free space. */
export const WARN_RATIO = 0.9;

type StorageManagerLike = Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

/** Names of DOMExceptions (and Dexie's wrappers) that mean "this write did not happen". */
export function classifyStorageError(error: unknown): StorageProblem | null {
  const seen = new Set<unknown>();
  let found: StorageProblem | null = null;
  let e: unknown = error;
  // Walk the whole chain: Dexie reports an AbortError whose inner cause is the quota error.
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const name = (e as { name?: unknown }).name;
    if (name === 'QuotaExceededError') return 'quota';
    if (name === 'AbortError' || name === 'InvalidStateError' || name === 'UnknownError' || name === 'DatabaseClosedError' || name === 'OpenFailedError') found = 'write-failed';
    e = (e as { inner?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return found;
}

export class StorageHealthMonitor {
  private state: StorageHealth = { persisted: null, usage: null, quota: null, problem: null, detail: null, nearlyFull: false };
  private readonly listeners = new Set<() => void>();
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly storage: StorageManagerLike | undefined = globalThis.navigator?.storage) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): StorageHealth => this.state;

  /** Requests persistence once and refreshes the estimate every `intervalMs`. */
  async start(intervalMs = 60_000): Promise<void> {
    if (!this.storage) return;
    const persisted = (await this.storage.persisted?.().catch(() => false)) || (await this.storage.persist?.().catch(() => false)) || false;
    this.patch({ persisted });
    await this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.refresh(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const estimate = await this.storage?.estimate().catch(() => null);
    if (!estimate) return;
    const usage = estimate.usage ?? null;
    const quota = estimate.quota ?? null;
    this.patch({ usage, quota, nearlyFull: usage !== null && quota !== null && quota > 0 && usage / quota >= WARN_RATIO });
  }

  /**
   * Reports the outcome of a write. A storage error sets the blocking problem; other errors
   * are not storage's business and are ignored here. Returns whether it was a storage error.
   */
  report(error: unknown): boolean {
    const problem = classifyStorageError(error);
    if (!problem) return false;
    this.patch({ problem, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    void this.refresh();
    return true;
  }

  /** After the agent freed space or the disk recovered: clears the problem if `probe` (a test write) succeeds. */
  async retry(probe: () => Promise<void>): Promise<boolean> {
    try {
      await probe();
      this.patch({ problem: null, detail: null });
      await this.refresh();
      return true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  private patch(patch: Partial<StorageHealth>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
  }
}

/** The workstation's one monitor; writes anywhere report to it. */
export const storageHealth = new StorageHealthMonitor();
