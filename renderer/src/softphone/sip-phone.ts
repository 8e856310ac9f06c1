import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session, type Web } from 'sip.js';
import { backoffDelay } from './backoff';
import { Emitter } from './emitter';
import type { CallEndReason, CallInfo, DtmfMode, Phone, PhoneAccount, PhoneEvents, RegistrationStatus } from './types';

/** Options for the sip.js-backed phone; defaults suit a LAN PBX. */
export interface SipPhoneOptions {
  /** ICE servers; empty by default so nothing ever leaves for a public STUN server. */
  iceServers?: RTCIceServer[];
  /** Never 0: sip.js then never sends the INVITE (rig.md). */
  iceGatheringTimeoutMs?: number;
  registerExpiresSec?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  /** Where remote audio elements are attached; `document.body` by default. */
  audioParent?: () => HTMLElement;
  newId?: () => string;
  /** Lines: calls beyond this many are answered 486 Busy Here. */
  maxLines?: number;
  dtmfMode?: DtmfMode;
  /** Retries of a re-INVITE answered 491 (request pending). */
  reinviteRetries?: number;
}

interface LiveCall {
  info: CallInfo;
  session: Session;
  localEnd: boolean;
  transferred?: boolean;
  /** CANCEL said another phone of the group answered (RFC 3326 cause 200): not a missed call. */
  answeredElsewhere?: boolean;
  audio?: HTMLAudioElement;
  /** Re-INVITEs of one call run one at a time (RFC 3261 §14.1: never two pending). */
  reinvites: Promise<void>;
}

/** The product's `Phone`, on sip.js over a WebSocket transport with WebRTC audio. */
export class SipPhone implements Phone {
  private readonly emitter = new Emitter<PhoneEvents>();
  private readonly live = new Map<string, LiveCall>();
  private ua?: UserAgent;
  private registerer?: Registerer;
  private account?: PhoneAccount;
  private status: RegistrationStatus = { state: 'offline' };
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private stopping = false;
  private readonly opts: Required<Omit<SipPhoneOptions, 'audioParent'>> & Pick<SipPhoneOptions, 'audioParent'>;

  constructor(options: SipPhoneOptions = {}) {
    this.opts = {
      iceServers: options.iceServers ?? [],
      iceGatheringTimeoutMs: Math.max(100, options.iceGatheringTimeoutMs ?? 1000),
      registerExpiresSec: options.registerExpiresSec ?? 300,
      reconnectBaseMs: options.reconnectBaseMs ?? 1000,
      // Capped low: after a PBX restart every phone must be back within 5 s (jitter spreads the load).
      reconnectCapMs: options.reconnectCapMs ?? 4000,
      audioParent: options.audioParent,
      newId: options.newId ?? (() => crypto.randomUUID()),
      maxLines: Math.max(1, options.maxLines ?? 2),
      dtmfMode: options.dtmfMode ?? 'rfc4733',
      reinviteRetries: options.reinviteRetries ?? 3,
    };
  }

  get registration(): RegistrationStatus {
    return this.status;
  }

  calls(): CallInfo[] {
    return [...this.live.values()].map((c) => c.info);
  }

  on<K extends keyof PhoneEvents>(event: K, listener: (payload: PhoneEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  async start(account: PhoneAccount): Promise<void> {
    await this.stop();
    this.stopping = false;
    this.account = account;
    const uri = UserAgent.makeURI(`sip:${account.extension}@${account.domain}`);
    if (!uri) throw new Error('invalid-sip-uri');
    this.ua = new UserAgent({
      uri,
      displayName: account.displayName,
      authorizationUsername: account.extension,
      authorizationPassword: account.password,
      transportOptions: { server: account.wsUrl, connectionTimeout: 5 },
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: this.opts.iceServers },
        iceGatheringTimeout: this.opts.iceGatheringTimeoutMs,
      },
      delegate: {
        onConnect: () => void this.register(),
        onDisconnect: (error) => {
          if (!this.stopping && error) this.scheduleReconnect('transport-lost');
        },
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    this.registerer = this.newRegisterer(this.ua);
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    this.setStatus({ state: 'connecting' });
    try {
      await this.ua.start();
    } catch {
      this.scheduleReconnect('connect-failed');
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    for (const call of [...this.live.values()]) await this.hangup(call.info.id).catch(() => undefined);
    if (this.registerer && this.ua?.isConnected()) await this.registerer.unregister().catch(() => undefined);
    await this.ua?.stop().catch(() => undefined);
    this.ua = undefined;
    this.registerer = undefined;
    this.setStatus({ state: 'offline' });
  }

  async dial(number: string): Promise<CallInfo> {
    if (!this.ua || !this.account) throw new Error('phone-not-started');
    if (!/^\+?[0-9*#]{1,32}$/.test(number)) throw new Error('invalid-number');
    const target = UserAgent.makeURI(`sip:${number}@${this.account.domain}`);
    if (!target) throw new Error('invalid-number');
    const inviter = new Inviter(this.ua, target, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    const call = this.track(inviter, {
      direction: 'outbound',
      sipCallId: inviter.request.callId,
      remoteNumber: number,
      dialedNumber: number,
      state: 'dialing',
    });
    await inviter.invite({
      requestDelegate: {
        onProgress: (response) => {
          const code = response.message.statusCode ?? 0;
          this.update(call, { sipStatus: code, state: code === 183 ? 'early' : call.info.state });
          if (code === 183) this.attachRemoteAudio(call);
        },
        onReject: (response) => this.update(call, { sipStatus: response.message.statusCode }),
      },
    });
    return call.info;
  }

  async answer(callId: string): Promise<void> {
    const call = this.live.get(callId);
    if (!call || !(call.session instanceof Invitation) || call.info.state !== 'ringing') throw new Error('no-ringing-call');
    // One conversation at a time: the call in progress goes on hold first.
    await this.holdOthers(callId);
    await call.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  }

  async hangup(callId: string): Promise<void> {
    const call = this.live.get(callId);
    if (!call) return;
    call.localEnd = true;
    const { session } = call;
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Invitation) await session.reject();
        else if (session instanceof Inviter) await session.cancel();
        break;
      case SessionState.Established:
        await session.bye();
        break;
      default:
        break;
    }
  }

  setHold(callId: string, held: boolean): Promise<void> {
    const call = this.live.get(callId);
    if (!call || call.info.state !== 'active') return Promise.reject(new Error('no-active-call'));
    const run = async () => {
      if (call.info.held === held || call.info.state !== 'active') return;
      // Resuming a line is a swap: whoever is talking now is held first.
      if (!held) await this.holdOthers(callId);
      this.update(call, { holdPending: true });
      try {
        await this.reinvite(call, held);
        this.update(call, { held, holdPending: false });
        this.applyLocalTracks(call);
      } catch (error) {
        this.update(call, { holdPending: false });
        throw error;
      }
    };
    const next = call.reinvites.then(run, run);
    call.reinvites = next.catch(() => undefined);
    return next;
  }

  setMuted(callId: string, muted: boolean): void {
    const call = this.live.get(callId);
    if (!call) return;
    this.update(call, { muted });
    this.applyLocalTracks(call);
  }

  async transfer(callId: string, target: string): Promise<void> {
    const call = this.live.get(callId);
    if (!call || call.info.state !== 'active') throw new Error('no-active-call');
    if (!/^\+?[0-9*#]{1,32}$/.test(target) || !this.account) throw new Error('invalid-number');
    const uri = UserAgent.makeURI(`sip:${target}@${this.account.domain}`);
    if (!uri) throw new Error('invalid-number');
    await new Promise<void>((resolve, reject) => {
      call.session
        .refer(uri, {
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new Error(`refer-${response.message.statusCode ?? 0}`)),
          },
        })
        .catch(reject);
    });
    // 202 Accepted: the other side now calls the target; we leave (RFC 5589 §6.1).
    call.transferred = true;
    call.localEnd = true;
    await call.session.bye();
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    const call = this.live.get(callId);
    if (!call || call.info.state !== 'active') throw new Error('no-active-call');
    if (!/^[0-9*#A-D]{1,32}$/.test(digits)) throw new Error('invalid-dtmf');
    if (this.opts.dtmfMode === 'rfc4733') {
      const sdh = call.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
      if (!sdh?.sendDtmf(digits, { duration: 100, interToneGap: 70 })) throw new Error('dtmf-failed');
      return;
    }
    for (const digit of digits) {
      await call.session.info({
        requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=100` } },
      });
    }
  }

  private async holdOthers(callId: string): Promise<void> {
    for (const other of this.live.values()) {
      if (other.info.id !== callId && other.info.state === 'active' && !other.info.held) await this.setHold(other.info.id, true);
    }
  }

  /** One hold/unhold re-INVITE; a 491 (glare) is retried after a random wait as RFC 3261 §14.1 asks. */
  private async reinvite(call: LiveCall, hold: boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      call.session.sessionDescriptionHandlerOptionsReInvite = { hold } as Web.SessionDescriptionHandlerOptions;
      const status = await new Promise<number>((resolve, reject) => {
        call.session
          .invite({
            requestDelegate: {
              onAccept: () => resolve(200),
              onReject: (response) => resolve(response.message.statusCode ?? 500),
            },
          })
          .catch(reject);
      });
      if (status === 200) return;
      if (status !== 491 || attempt >= this.opts.reinviteRetries) throw new Error(`reinvite-${status}`);
      await new Promise((r) => setTimeout(r, 2100 + Math.random() * 1900));
    }
  }

  /** Local audio flows only when neither muted nor held. */
  private applyLocalTracks(call: LiveCall): void {
    const sdh = call.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    const enabled = !call.info.muted && !call.info.held;
    sdh?.localMediaStream.getAudioTracks().forEach((track) => (track.enabled = enabled));
  }

  private onInvite(invitation: Invitation): void {
    const request = invitation.request;
    if (this.live.size >= this.opts.maxLines) {
      // Every line is taken: the PBX hunts on or the caller hears busy, instead of a silent ring.
      void invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    // User Timing marks let the benchmark measure INVITE arrival → ringing visible.
    performance.mark('hd:invite-received', { detail: request.callId });
    const call = this.track(invitation, {
      direction: 'inbound',
      sipCallId: request.callId,
      remoteNumber: invitation.remoteIdentity.uri.user ?? 'anonymous',
      // Kamailio rewrites the R-URI to our contact; what the caller dialled is in To.
      dialedNumber: request.to.uri.user ?? '',
      state: 'ringing',
    });
    invitation.delegate = {
      onCancel: (cancel) => {
        if (/cause\s*=\s*200\b/i.test(cancel.request.getHeader('Reason') ?? '')) call.answeredElsewhere = true;
      },
    };
  }

  private track(session: Session, base: Pick<CallInfo, 'direction' | 'sipCallId' | 'remoteNumber' | 'dialedNumber' | 'state'>): LiveCall {
    const call: LiveCall = {
      session,
      localEnd: false,
      reinvites: Promise.resolve(),
      info: { ...base, id: this.opts.newId(), startedAt: Date.now(), answeredAt: null, endedAt: null, endReason: null, held: false, holdPending: false, muted: false },
    };
    this.live.set(call.info.id, call);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.attachRemoteAudio(call);
        this.update(call, { state: 'active', answeredAt: Date.now() });
      } else if (state === SessionState.Terminated) {
        this.finish(call);
      }
    });
    this.emitter.emit('call', call.info);
    return call;
  }

  private finish(call: LiveCall): void {
    const answered = call.info.answeredAt !== null;
    let endReason: CallEndReason;
    if (call.transferred) endReason = 'transferred';
    else if (answered) endReason = call.localEnd ? 'local-hangup' : 'remote-hangup';
    else if (call.info.direction === 'inbound') endReason = call.localEnd ? 'rejected' : call.answeredElsewhere ? 'answered-elsewhere' : 'missed';
    else endReason = call.localEnd ? 'local-hangup' : call.info.sipStatus && call.info.sipStatus >= 400 ? 'rejected' : 'failed';
    call.audio?.remove();
    this.live.delete(call.info.id);
    this.update(call, { state: 'ended', endedAt: Date.now(), endReason });
  }

  private attachRemoteAudio(call: LiveCall): void {
    const sdh = call.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    if (!sdh || call.audio) return;
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.dataset.role = 'remote-audio';
    audio.dataset.callId = call.info.id;
    audio.srcObject = sdh.remoteMediaStream;
    (this.opts.audioParent?.() ?? document.body).appendChild(audio);
    call.audio = audio;
    void audio.play().catch(() => undefined);
  }

  private update(call: LiveCall, patch: Partial<CallInfo>): void {
    call.info = { ...call.info, ...patch };
    this.emitter.emit('call', call.info);
  }

  private setStatus(status: RegistrationStatus): void {
    this.status = status;
    this.emitter.emit('registration', status);
  }

  private newRegisterer(ua: UserAgent): Registerer {
    const registerer = new Registerer(ua, { expires: this.opts.registerExpiresSec });
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Unregistered && this.status.state === 'registered' && !this.stopping) {
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
    if (this.status.state !== 'registered') void this.reconnectNow();
  };

  private readonly onOffline = (): void => {
    if (!this.stopping) this.setStatus({ state: 'reconnecting', reason: 'network-offline', nextRetryAt: undefined });
  };
}
