import { Registerer, RegistererState, type UserAgent } from 'sip.js';
import { backoffDelay } from './backoff';
import type { RegistrationStatus } from './types';

export interface RegistrationOptions {
  registerExpiresSec: number;
  reconnectBaseMs: number;
  reconnectCapMs: number;
}

/**
 * Keeps one user agent registered, honestly: the status follows REGISTER responses and the
 * transport, retries with capped backoff, reacts to the browser's online/offline events,
 * and replaces a Registerer that got stuck. `onReconnected` fires when a transport comes
 * back after a loss, so live calls can be refreshed over the new connection.
 */
export class RegistrationKeeper {
  private registerer?: Registerer;
  private ua?: UserAgent;
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private stopping = false;
  private lostTransport = false;
  private current: RegistrationStatus = { state: 'offline' };

  constructor(
    private readonly opts: RegistrationOptions,
    private readonly onStatus: (status: RegistrationStatus) => void,
    private readonly onReconnected: () => void,
  ) {}

  get status(): RegistrationStatus {
    return this.current;
  }

  /** Starts the user agent's transport and keeps it registered until `detach`. */
  async attach(ua: UserAgent): Promise<void> {
    this.ua = ua;
    this.stopping = false;
    this.lostTransport = false;
    this.registerer = this.newRegisterer(ua);
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    this.setStatus({ state: 'connecting' });
    try {
      await ua.start();
    } catch {
      this.scheduleReconnect('connect-failed');
    }
  }

  /** For the user agent's `onConnect` delegate. */
  readonly onConnect = (): void => {
    void this.register();
    if (this.lostTransport) {
      this.lostTransport = false;
      this.onReconnected();
    }
  };

  /** For the user agent's `onDisconnect` delegate; `error` is set when the network or server dropped it. */
  readonly onDisconnect = (error?: Error): void => {
    if (this.stopping || !error) return;
    this.lostTransport = true;
    this.scheduleReconnect('transport-lost');
  };

  /** Unregisters (best effort) and stops retrying. The caller stops the user agent. */
  async detach(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    if (this.registerer && this.ua?.isConnected()) await this.registerer.unregister().catch(() => undefined);
    this.registerer = undefined;
    this.ua = undefined;
    this.setStatus({ state: 'offline' });
  }

  private setStatus(status: RegistrationStatus): void {
    this.current = status;
    this.onStatus(status);
  }

  private newRegisterer(ua: UserAgent): Registerer {
    const registerer = new Registerer(ua, { expires: this.opts.registerExpiresSec });
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Unregistered && this.current.state === 'registered' && !this.stopping) {
        this.setStatus({ state: 'connecting', reason: 'unregistered' });
      }
    });
    return registerer;
  }

  /**
   * (Re-)registers. The status follows the REGISTER response itself, not the Registerer's
   * state: after a transport loss sip.js still believes it is registered, so waiting for a
   * state change would leave the UI saying "reconnecting" forever.
   */
  private async register(fresh = false): Promise<void> {
    if (!this.ua) return;
    if (fresh || !this.registerer) {
      await this.registerer?.dispose().catch(() => undefined);
      this.registerer = this.newRegisterer(this.ua);
    }
    try {
      await this.registerer.register({
        requestDelegate: {
          onAccept: () => {
            this.attempt = 0;
            this.setStatus({ state: 'registered' });
          },
          onReject: (response) => this.setStatus({ state: 'failed', reason: `sip-${response.message.statusCode}` }),
        },
      });
    } catch {
      // Typically "a REGISTER is already in flight" on a Registerer that lost its transport:
      // replace it once, then fall back to the reconnect loop.
      if (!fresh) return this.register(true);
      this.scheduleReconnect('register-failed');
    }
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopping || !this.ua) return;
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++, { baseMs: this.opts.reconnectBaseMs, capMs: this.opts.reconnectCapMs });
    this.setStatus({ state: 'reconnecting', reason, nextRetryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => void this.reconnectNow(), delay);
  }

  private async reconnectNow(): Promise<void> {
    if (this.stopping || !this.ua) return;
    clearTimeout(this.retryTimer);
    try {
      if (this.ua.isConnected()) await this.register();
      else await this.ua.reconnect();
    } catch {
      this.scheduleReconnect('connect-failed');
    }
  }

  private readonly onOnline = (): void => {
    this.attempt = 0;
    if (this.current.state !== 'registered') void this.reconnectNow();
  };

  private readonly onOffline = (): void => {
    if (!this.stopping) this.setStatus({ state: 'reconnecting', reason: 'network-offline', nextRetryAt: undefined });
  };
}
