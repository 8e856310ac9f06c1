import type { RecordStoreFailure, RecordStoreState } from '@shared/ipc/record-store';
import { EmbeddedStoreStartError } from './embedded-record-store';

/** The part of `EmbeddedRecordStore` the supervisor drives. */
export interface EmbeddedStoreLike {
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** What the supervisor is built from. */
export interface RecordStoreSupervisorDeps {
  /** False when a central store is configured: the state stays `central` and nothing starts. */
  embedded: boolean;
  /** Makes a launcher for this port and secret; `log` and `onExit` go into its options. */
  createStore: (options: { port: number; secret: string; log: (message: string) => void; onExit: (code: number) => void }) => EmbeddedStoreLike;
  /** A free loopback port, `preferred` if still free. */
  reservePort: (preferred?: number) => Promise<number>;
  /** The installation secret (read or made once). */
  secret: () => Promise<string>;
  /** Every state change (main pushes it to the page). */
  onState: (state: RecordStoreState) => void;
  /** The URL moved (a retry needed another port): the page must reload to pick it up. */
  onUrlChanged?: (url: string) => void;
  log: (message: string) => void;
}

/**
 * The embedded record store's life beside the window: `prepare` reserves its port (so the
 * page's config and CSP name the URL before the store is up; it takes milliseconds), `run`
 * starts it in the background (`starting` → `ready` or `failed`), `retry` tries again after
 * a failure or crash. The window never waits for it; the page waits before sign-in.
 */
export class RecordStoreSupervisor {
  private current: RecordStoreState = { state: 'central' };
  private store: EmbeddedStoreLike | null = null;
  private port = 0;
  private secretValue: string | null = null;
  private lastLogLine = '';
  private running: Promise<void> | null = null;
  private retrying: Promise<void> | null = null;

  constructor(private readonly deps: RecordStoreSupervisorDeps) {}

  get state(): RecordStoreState {
    return this.current;
  }

  /** The embedded store's URL once a port is reserved (also while starting), else null. */
  get url(): string | null {
    return this.current.state === 'central' ? null : (this.current.url ?? null);
  }

  /** Reserves the port and says `starting`; a central installation stays `central`. */
  async prepare(): Promise<void> {
    if (!this.deps.embedded) return;
    try {
      this.secretValue = await this.deps.secret();
    } catch (error) {
      this.fail({ code: 'error', detail: `installation secret: ${messageOf(error)}` });
      return;
    }
    await this.reserve();
  }

  /** Starts the store (call after `prepare`); resolves when it is ready or has failed, never rejects. */
  run(): Promise<void> {
    if (this.current.state !== 'starting') return Promise.resolve();
    this.running ??= this.launch().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** After a failure: a fresh port if the old one is taken, then start again. Does nothing otherwise. */
  retry(): Promise<void> {
    if (this.current.state !== 'failed') return this.running ?? Promise.resolve();
    // A double click must not reserve two ports or start two processes.
    this.retrying ??= this.restart().finally(() => {
      this.retrying = null;
    });
    return this.retrying;
  }

  private async restart(): Promise<void> {
    const before = this.url;
    if (this.secretValue) await this.reserve(this.port);
    else await this.prepare();
    const after = this.url;
    if (after && after !== before) this.deps.onUrlChanged?.(after);
    await this.run();
  }

  /**
   * The installation secret, only for the embedded store's own URL: a page asking for any
   * other URL (a central store, something it was pointed at) gets null.
   */
  secretFor(url: string): string | null {
    return this.deps.embedded && this.secretValue && url === this.url ? this.secretValue : null;
  }

  /** Stops the store (on quit). */
  async stop(): Promise<void> {
    const store = this.store;
    this.store = null;
    await store?.stop();
  }

  private async reserve(preferred = 0): Promise<void> {
    try {
      this.port = await this.deps.reservePort(preferred);
      this.set({ state: 'starting', url: urlFor(this.port) });
    } catch (error) {
      this.port = 0;
      this.fail({ code: 'port-unavailable', detail: messageOf(error) });
    }
  }

  private async launch(): Promise<void> {
    const url = urlFor(this.port);
    this.lastLogLine = '';
    const store = this.deps.createStore({
      port: this.port,
      secret: this.secretValue ?? '',
      log: (message) => {
        this.lastLogLine = message;
        this.deps.log(message);
      },
      onExit: (code) => {
        if (this.store !== store) return;
        this.store = null;
        this.fail({ code: 'exited', detail: this.detail(`exited with code ${code}`) });
      },
    });
    this.store = store;
    try {
      await store.start();
      if (this.store === store) this.set({ state: 'ready', url });
      this.deps.log(`embedded record store listening on ${url}`);
    } catch (error) {
      if (this.store === store) this.store = null;
      const code = error instanceof EmbeddedStoreStartError ? error.code : 'error';
      this.fail({ code, detail: this.detail(messageOf(error)) });
    }
  }

  private detail(what: string): string {
    const last = this.lastLogLine.trim();
    return (last ? `${what}; last output: ${last}` : what).slice(0, 500);
  }

  private fail(reason: RecordStoreFailure): void {
    this.deps.log(`embedded record store failed (${reason.code}): ${reason.detail}`);
    this.set({ state: 'failed', ...(this.port ? { url: urlFor(this.port) } : {}), reason });
  }

  private set(state: RecordStoreState): void {
    this.current = state;
    this.deps.onState(state);
  }
}

function urlFor(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
