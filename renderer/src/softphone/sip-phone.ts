import { planDial } from '@shared/phone/number-plan';
import { Invitation, Inviter, SessionState, UserAgent, type Session } from 'sip.js';
import { callerNumber } from './caller-id';
import { CallLine } from './call-line';
import { replaceMicrophone, routeAudio } from './call-media';
import type { CallQuality } from './call-quality';
import { sendDtmfOn } from './dtmf';
import { Emitter } from './emitter';
import { asNameAddr, referTo, replacesParam } from './sip-refer';
import { RegistrationKeeper } from './sip-registration';
import type { AudioRouting, CallInfo, DtmfMode, Phone, PhoneAccount, PhoneEvents, RegistrationStatus } from './types';

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

const NUMBER = /^\+?[0-9*#]{1,32}$/;
/** Set by the PBX on hotline calls it distributes to whoever is ready (resources/pbx/routing.cfg). */
export const QUEUE_CALL_HEADER = 'X-Hotline-Route';

/** The product's `Phone`, on sip.js over a WebSocket transport with WebRTC audio. */
export class SipPhone implements Phone {
  private readonly emitter = new Emitter<PhoneEvents>();
  private readonly live = new Map<string, CallLine>();
  private ua?: UserAgent;
  private account?: PhoneAccount;
  private routing: AudioRouting = { inputId: '', outputId: '' };
  private queueCallsAccepted = true;
  private readonly keeper: RegistrationKeeper;
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
    this.keeper = new RegistrationKeeper(
      this.opts,
      (status) => this.emitter.emit('registration', status),
      () => {
        for (const line of this.live.values()) void line.recover();
      },
    );
  }

  get registration(): RegistrationStatus {
    return this.keeper.status;
  }

  calls(): CallInfo[] {
    return [...this.live.values()].map((c) => c.info);
  }

  on<K extends keyof PhoneEvents>(event: K, listener: (payload: PhoneEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  async start(account: PhoneAccount): Promise<void> {
    await this.stop();
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
        onConnect: this.keeper.onConnect,
        onDisconnect: (error) => {
          this.keeper.onDisconnect(error);
          // Say so on the call card at once: the line may go quiet until the call is refreshed.
          if (error) for (const line of this.live.values()) line.markRecovering();
        },
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    await this.keeper.attach(this.ua);
  }

  async stop(): Promise<void> {
    for (const call of [...this.live.values()]) await this.hangup(call.info.id).catch(() => undefined);
    await this.keeper.detach();
    await this.ua?.stop().catch(() => undefined);
    this.ua = undefined;
  }

  dial(number: string): Promise<CallInfo> {
    return this.startOutbound(number);
  }

  async answer(callId: string): Promise<void> {
    const call = this.live.get(callId);
    if (!call || !(call.session instanceof Invitation) || call.info.state !== 'ringing') throw new Error('no-ringing-call');
    // One conversation at a time: the call in progress goes on hold first.
    await this.holdOthers(callId);
    await call.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: this.audioConstraints(), video: false } } });
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
    const line = this.live.get(callId);
    if (!line) return Promise.reject(new Error('no-active-call'));
    // Resuming a line is a swap: whoever is talking now is held first.
    return line.setHold(held, held ? undefined : () => this.holdOthers(callId));
  }

  setMuted(callId: string, muted: boolean): void {
    this.live.get(callId)?.setMuted(muted);
  }

  async transfer(callId: string, target: string): Promise<void> {
    const call = this.live.get(callId);
    if (!call || call.info.state !== 'active') throw new Error('no-active-call');
    await referTo(call.session, this.uriFor(target), false);
    // 202 Accepted: the other side now calls the target; we leave (RFC 5589 §6.1).
    call.transferred = true;
    call.localEnd = true;
    await call.session.bye();
  }

  async consult(callId: string, target: string): Promise<CallInfo> {
    const call = this.live.get(callId);
    if (!call || call.info.state !== 'active') throw new Error('no-active-call');
    this.uriFor(target);
    if (!call.info.held) await this.setHold(callId, true);
    return this.startOutbound(target, callId);
  }

  async completeTransfer(consultCallId: string): Promise<void> {
    const consultCall = this.live.get(consultCallId);
    const original = consultCall?.info.consultFor ? this.live.get(consultCall.info.consultFor) : undefined;
    const dialog = consultCall?.session.dialog;
    if (!consultCall || !original || consultCall.info.state !== 'active' || !dialog) throw new Error('no-consultation');
    // Refer-To names the target's AOR (which the PBX can route, unlike its WebSocket contact)
    // with Replaces naming our dialog with it: the target swaps our leg for the transferee's.
    // Flagged before the REFER: the target ends our consultation leg (Replaces) before the
    // NOTIFY with the outcome reaches us, and that leg must be logged as transferred too.
    const legs = [original, consultCall];
    legs.forEach((leg) => (leg.transferred = leg.localEnd = true));
    try {
      await referTo(original.session, asNameAddr(this.uriFor(consultCall.info.remoteNumber, `?Replaces=${replacesParam(dialog)}`)), true);
    } catch (error) {
      legs.forEach((leg) => (leg.transferred = leg.localEnd = false));
      throw error;
    }
    // The target normally ends the consultation leg itself; ending both here is harmless.
    for (const leg of legs) {
      if (leg.session.state === SessionState.Established) await leg.session.bye().catch(() => undefined);
    }
  }

  async quality(callId: string): Promise<CallQuality | null> {
    return (await this.live.get(callId)?.quality()) ?? null;
  }

  async setAudioRouting(routing: AudioRouting): Promise<void> {
    const previous = this.routing;
    this.routing = { ...routing };
    for (const call of this.live.values()) {
      if (call.remoteAudio && routing.outputId !== previous.outputId) await routeAudio(call.remoteAudio, routing.outputId);
      if (routing.inputId !== previous.inputId && call.info.state === 'active') await replaceMicrophone(call.session, this.audioConstraints());
    }
  }

  sendDtmf(callId: string, digits: string): Promise<void> {
    const call = this.live.get(callId);
    if (!call || call.info.state !== 'active') return Promise.reject(new Error('no-active-call'));
    return sendDtmfOn(call.session, digits, this.opts.dtmfMode);
  }

  private audioConstraints(): MediaTrackConstraints | true {
    return this.routing.inputId ? { deviceId: { exact: this.routing.inputId } } : true;
  }

  private uriFor(number: string, suffix = '') {
    if (!NUMBER.test(number) || !this.account) throw new Error('invalid-number');
    const uri = UserAgent.makeURI(`sip:${number}@${this.account.domain}${suffix}`);
    if (!uri) throw new Error('invalid-number');
    return uri;
  }

  private async startOutbound(number: string, consultFor?: string): Promise<CallInfo> {
    if (!this.ua || !this.account) throw new Error('phone-not-started');
    // The number plan's form (national for +86 numbers) so the PBX and the carrier see one spelling.
    const plan = planDial(number);
    const inviter = new Inviter(this.ua, this.uriFor(plan.route === 'none' ? number : plan.dial), {
      sessionDescriptionHandlerOptions: { constraints: { audio: this.audioConstraints(), video: false } },
      // Play a 183's SDP at once (operator announcements, ringback from gateways). Outbound
      // calls go to one citizen number, so the "must not fork" caveat of sip.js holds.
      earlyMedia: true,
    });
    const call = this.track(inviter, {
      direction: 'outbound',
      sipCallId: inviter.request.callId,
      remoteNumber: number,
      dialedNumber: number,
      state: 'dialing',
      ...(consultFor ? { consultFor } : {}),
    });
    await inviter.invite({
      requestDelegate: {
        onProgress: (response) => {
          const code = response.message.statusCode ?? 0;
          call.update({ sipStatus: code, state: code === 183 ? 'early' : call.info.state });
          if (code === 183) call.attachAudio();
        },
        onReject: (response) => call.update({ sipStatus: response.message.statusCode }),
      },
    });
    return call.info;
  }

  private async holdOthers(callId: string): Promise<void> {
    for (const other of this.live.values()) {
      if (other.info.id !== callId && other.info.state === 'active' && !other.info.held) await this.setHold(other.info.id, true);
    }
  }

  setQueueCallsAccepted(accepted: boolean): void {
    this.queueCallsAccepted = accepted;
  }

  private onInvite(invitation: Invitation): void {
    const request = invitation.request;
    if (this.live.size >= this.opts.maxLines) {
      // Every line is taken: the PBX hunts on or the caller hears busy, instead of a silent ring.
      void invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    if (!this.queueCallsAccepted && request.hasHeader(QUEUE_CALL_HEADER)) {
      // The agent is not ready: the PBX offers the caller to the next ready agent.
      void invitation.reject({ statusCode: 480, reasonPhrase: 'Agent Not Ready' }).catch(() => undefined);
      return;
    }
    // User Timing marks let the benchmark measure INVITE arrival → ringing visible. Only the
    // latest is kept: the timeline is never trimmed by the browser, and a shift has 200 calls.
    performance.clearMarks('hd:invite-received');
    performance.mark('hd:invite-received', { detail: request.callId });
    const call = this.track(invitation, {
      direction: 'inbound',
      sipCallId: request.callId,
      // Carriers send From: anonymous and the number in P-Asserted-Identity (caller-id.ts).
      remoteNumber: callerNumber({
        pAssertedIdentity: request.getHeaders('P-Asserted-Identity'),
        remotePartyId: request.getHeaders('Remote-Party-ID'),
        fromUser: invitation.remoteIdentity.uri.user,
      }),
      // Kamailio rewrites the R-URI to our contact; what the caller dialled is in To.
      dialedNumber: request.to.uri.user ?? '',
      state: 'ringing',
    });
    // Keep the line's own delegate (the far end's re-INVITEs, call-line.ts).
    invitation.delegate = {
      ...invitation.delegate,
      onCancel: (cancel) => {
        if (/cause\s*=\s*200\b/i.test(cancel.request.getHeader('Reason') ?? '')) call.answeredElsewhere = true;
      },
    };
  }

  private track(session: Session, base: Pick<CallInfo, 'direction' | 'sipCallId' | 'remoteNumber' | 'dialedNumber' | 'state' | 'consultFor'>): CallLine {
    const info: CallInfo = { ...base, id: this.opts.newId(), startedAt: Date.now(), answeredAt: null, endedAt: null, endReason: null, held: false, holdPending: false, muted: false, recovering: false };
    const line = new CallLine(session, info, {
      emit: (snapshot) => this.emitter.emit('call', snapshot),
      ended: (ended) => this.live.delete(ended.id),
      audioParent: () => this.opts.audioParent?.() ?? document.body,
      outputDeviceId: () => this.routing.outputId,
      reinviteRetries: this.opts.reinviteRetries,
    });
    this.live.set(info.id, line);
    this.emitter.emit('call', info);
    return line;
  }
}
