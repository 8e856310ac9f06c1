import { Registerer, RegistererState, type Core, type RegistererRegisterOptions, type UserAgent } from 'sip.js';
import { backoffDelay } from './backoff';
import { SIP_AUTH_FAILED, type RegistrationStatus } from './types';

type IncomingResponse = Core.IncomingResponse;

/**
 * REGISTER answers that mean the credentials are wrong (sip.js already answered the 401/407
 * challenge once, so a 401/407 reaching us is a refusal) or the account may not register:
 * retrying cannot help, so the phone stops and says so.
 */
const AUTH_REFUSALS = new Set([401, 403, 407]);

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
  /** The PBX refused the credentials: no more retries until the next `attach`. */
  private authRefused = false;
  /** A retry timer is set (so a state change seen at the same time needs no second one). */
  private retryPending = false;
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
    this.authRefused = false;
    this.attempt = 0;
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
    this.retryPending = false;
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

  /**
   * A Registerer whose every REGISTER, ours and sip.js's own refreshes (its timer calls
   * `this.register()`), reports its answer here: sip.js alone only flips its state on a
   * failed refresh and never tries again, which leaves the phone deaf.
   */
  private newRegisterer(ua: UserAgent): Registerer {
    const registerer = new Registerer(ua, { expires: this.opts.registerExpiresSec });
    const send = registerer.register.bind(registerer);
    registerer.register = (options: RegistererRegisterOptions = {}) => {
      const ours = options.requestDelegate !== undefined;
      const sent = send({ ...options, requestDelegate: { ...options.requestDelegate, onAccept: (r) => this.onAccepted(r), onReject: (r) => this.onRejected(r) } });
      // A refresh that could not even be sent (a REGISTER stuck in flight): start over.
      if (!ours) void sent.catch(() => this.scheduleReconnect('refresh-failed'));
      return sent;
    };
    registerer.stateChange.addListener((state) => {
      if (state !== RegistererState.Unregistered || this.stopping || registerer !== this.registerer) return;
      // A rejected REGISTER reports here before its answer reaches `onRejected` (sip.js calls
      // them in that order, synchronously); look again once that has run. Whatever is left
      // (a registration that expired unrefreshed, a 200 without our Contact) retries too.
      queueMicrotask(() => {
        if (this.stopping || this.retryPending || this.authRefused || registerer !== this.registerer) return;
        this.scheduleReconnect('unregistered');
      });
    });
    return registerer;
  }

  private onAccepted(_response: IncomingResponse): void {
    this.attempt = 0;
    this.setStatus({ state: 'registered' });
  }

  /**
   * Any refused REGISTER or refresh: 5xx (incl. the 503 sip.js makes up when the transport
   * fails), 408 (its own timeout) and every other 4xx retries with the capped backoff; only
   * refused credentials stop.
   */
  private onRejected(response: IncomingResponse): void {
    const code = response.message.statusCode ?? 0;
    if (AUTH_REFUSALS.has(code)) {
      this.authRefused = true;
      clearTimeout(this.retryTimer);
      this.retryPending = false;
      this.setStatus({ state: 'failed', reason: SIP_AUTH_FAILED });
      return;
    }
    this.scheduleReconnect(`sip-${code}`);
  }

  /**
   * (Re-)registers. The status follows the REGISTER response itself, not the Registerer's
   * state: after a transport loss sip.js still believes it is registered, so waiting for a
   * state change would leave the UI saying "reconnecting" forever.
   */
  private async register(fresh = false): Promise<void> {
    if (!this.ua) return;
    if (fresh || !this.registerer) {
      // Let go of the old one first, so its state changes while disposing are not taken for a lost registration.
      const old = this.registerer;
      this.registerer = undefined;
      await old?.dispose().catch(() => undefined);
      if (!this.ua) return;
      this.registerer = this.newRegisterer(this.ua);
    }
    try {
      // The wrapper (newRegisterer) fills in the answer handlers; an empty delegate marks it ours.
      await this.registerer.register({ requestDelegate: {} });
    } catch {
      // Typically "a REGISTER is already in flight" on a Registerer that lost its transport:
      // replace it once, then fall back to the reconnect loop.
      if (!fresh) return this.register(true);
      this.scheduleReconnect('register-failed');
    }
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopping || !this.ua || this.authRefused) return;
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++, { baseMs: this.opts.reconnectBaseMs, capMs: this.opts.reconnectCapMs });
    this.setStatus({ state: 'reconnecting', reason, nextRetryAt: Date.now() + delay });
    this.retryPending = true;
    this.retryTimer = setTimeout(() => void this.reconnectNow(), delay);
  }

  private async reconnectNow(): Promise<void> {
    this.retryPending = false;
    if (this.stopping || !this.ua || this.authRefused) return;
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
