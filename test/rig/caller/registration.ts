// Keeps the caller simulator registered: a lost WebSocket, a lapsed or refused REGISTER and
// the browser going offline all lead to a reconnect with capped exponential backoff, and the
// page always shows the true state. Written against sip.js directly (not the product's
// softphone), so the simulator stays an independent second phone.
import { Registerer, RegistererState, UserAgentState, type UserAgent } from 'sip.js';

/** What the page shows beside "My number". */
export type CallerRegState = 'offline' | 'registering' | 'registered' | 'reconnecting';

export interface RegStatus {
  state: CallerRegState;
  /** Why it is not registered (the last failure), e.g. "WebSocket closed" or "403 Forbidden". */
  reason?: string;
  /** When the next attempt starts (epoch ms), while reconnecting. */
  retryAt?: number;
}

/** First retry after 1 s, doubling up to 8 s: quick after a PBX restart, gentle while it is down. */
const BASE_MS = 1000;
const CAP_MS = 8000;
/** Short registrations, so a PBX that forgot us (restart) learns of us again within a minute. */
export const REGISTER_EXPIRES_S = 60;

/** Delay before retry number `attempt` (0-based): BASE_MS·2^attempt, capped at CAP_MS. */
export const retryDelay = (attempt: number): number => Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempt, 10));

export class RegistrationKeeper {
  private registerer: Registerer | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private status: RegStatus = { state: 'offline' };
  private firstOutcome: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(
    private readonly ua: UserAgent,
    private readonly onStatus: (status: RegStatus) => void,
  ) {
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
  }

  get current(): RegStatus {
    return this.status;
  }

  /** Connects and registers; resolves on the first 200 OK, rejects on the first failure (retries go on). */
  start(): Promise<void> {
    const first = new Promise<void>((resolve, reject) => (this.firstOutcome = { resolve, reject }));
    void this.connectAndRegister();
    return first;
  }

  /** For the user agent's onDisconnect delegate: `error` is set when the WebSocket was lost, not closed by us. */
  readonly onDisconnect = (error?: Error): void => {
    if (this.stopped) return;
    this.retry(error ? `WebSocket lost (${error.message})` : 'WebSocket closed');
  };

  /** Unregisters (best effort) and stops retrying; the caller stops the user agent. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    if (this.registerer && this.ua.isConnected()) await this.registerer.unregister().catch(() => undefined);
    await this.registerer?.dispose().catch(() => undefined);
    this.set({ state: 'offline' });
  }

  private set(status: RegStatus): void {
    this.status = status;
    this.onStatus(status);
  }

  private async connectAndRegister(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.set({ state: 'registering', reason: this.status.reason });
    try {
      if (!this.ua.isConnected()) await (this.ua.state === UserAgentState.Started ? this.ua.reconnect() : this.ua.start());
    } catch (error) {
      return this.retry(`cannot connect to the PBX (${error instanceof Error ? error.message : String(error)})`);
    }
    // A fresh Registerer each time: after a transport loss the old one still believes it is
    // registered and would refuse to send another REGISTER.
    await this.registerer?.dispose().catch(() => undefined);
    const registerer = new Registerer(this.ua, { expires: REGISTER_EXPIRES_S });
    this.registerer = registerer;
    registerer.stateChange.addListener((state) => {
      // A refresh that did not get through (transport gone, PBX refused): say so and start over.
      if (state === RegistererState.Unregistered && registerer === this.registerer && this.status.state === 'registered' && !this.stopped) {
        this.retry('registration lapsed');
      }
    });
    try {
      await registerer.register({
        requestDelegate: {
          onAccept: () => {
            this.attempt = 0;
            this.set({ state: 'registered' });
            this.firstOutcome?.resolve();
            this.firstOutcome = undefined;
          },
          onReject: (response) => this.retry(`REGISTER refused: ${response.message.statusCode} ${response.message.reasonPhrase}`),
        },
      });
    } catch (error) {
      this.retry(`REGISTER not sent (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    this.firstOutcome?.reject(new Error(reason));
    this.firstOutcome = undefined;
    clearTimeout(this.timer);
    const delay = retryDelay(this.attempt++);
    this.set({ state: 'reconnecting', reason, retryAt: Date.now() + delay });
    this.timer = setTimeout(() => void this.connectAndRegister(), delay);
  }

  private readonly onOnline = (): void => {
    if (this.status.state === 'registered' || this.stopped) return;
    this.attempt = 0;
    void this.connectAndRegister();
  };

  private readonly onOffline = (): void => {
    if (!this.stopped) this.set({ state: 'reconnecting', reason: 'the browser is offline' });
  };
}
