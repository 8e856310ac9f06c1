import { SessionState, type Session } from 'sip.js';
import { attachRemoteAudio, peerConnectionOf, setLocalAudioEnabled } from './call-media';
import { qualityBetween, snapshotFromReport, type CallQuality, type StatsSnapshot } from './call-quality';
import { DeadAirDetector } from './dead-air';
import { endReasonFor } from './end-reason';
import { ReinviteError, sendReinvite } from './reinvite';
import { isRemoteHold } from './remote-hold';
import type { CallInfo } from './types';

/** What a line needs from its phone. */
export interface LineHooks {
  /** Publishes a new snapshot of the call. */
  emit(info: CallInfo): void;
  /** Called once when the call has terminated. */
  ended(line: CallLine): void;
  audioParent(): HTMLElement;
  outputDeviceId(): string;
  reinviteRetries: number;
}

/**
 * One call on one line: its sip.js session, what the UI is shown about it, its audio
 * element, and its queue of re-INVITEs (never two pending at once, RFC 3261 §14.1).
 */
export class CallLine {
  info: CallInfo;
  /** We ended it (hang-up, decline, cancel, transfer). */
  localEnd = false;
  transferred = false;
  /** CANCEL said another phone of the group answered (RFC 3326 cause 200): not a missed call. */
  answeredElsewhere = false;
  private audio?: HTMLAudioElement;
  private reinvites: Promise<void> = Promise.resolve();
  private lastStats?: StatsSnapshot;
  private readonly deadAir = new DeadAirDetector();

  constructor(
    readonly session: Session,
    info: CallInfo,
    private readonly hooks: LineHooks,
  ) {
    this.info = info;
    // The far end's re-INVITE (a carrier holding us, resuming, moving media): sip.js answers
    // it; its offer's direction says whether silence is now expected.
    session.delegate = {
      ...session.delegate,
      onInvite: (request, _response, statusCode) => {
        if (statusCode === 200 && request.body) this.update({ remoteHeld: isRemoteHold(request.body) });
      },
    };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.attachAudio();
        this.update({ state: 'active', answeredAt: Date.now() });
      } else if (state === SessionState.Terminated) {
        this.finish();
      }
    });
  }

  get id(): string {
    return this.info.id;
  }

  /** The element playing the other side, once media exists. */
  get remoteAudio(): HTMLAudioElement | undefined {
    return this.audio;
  }

  update(patch: Partial<CallInfo>): void {
    this.info = { ...this.info, ...patch };
    this.hooks.emit(this.info);
  }

  /** Starts playing the remote stream (early media or the answered call). */
  attachAudio(): void {
    if (this.audio) return;
    this.audio = attachRemoteAudio(this.session, this.info.id, this.hooks.audioParent(), this.hooks.outputDeviceId());
  }

  /**
   * Holds or resumes; the UI flag changes only once the other side accepted. `before` runs
   * inside the queue first (resuming a line holds whichever line is talking).
   */
  setHold(held: boolean, before?: () => Promise<void>): Promise<void> {
    if (this.info.state !== 'active') return Promise.reject(new Error('no-active-call'));
    return this.queue(async () => {
      if (this.info.held === held || this.info.state !== 'active') return;
      await before?.();
      this.update({ holdPending: true });
      try {
        await sendReinvite(this.session, { hold: held, retries: this.hooks.reinviteRetries });
        this.update({ held, holdPending: false });
        setLocalAudioEnabled(this.session, !this.info.muted && !held);
      } catch (error) {
        this.update({ holdPending: false });
        throw error;
      }
    });
  }

  setMuted(muted: boolean): void {
    this.update({ muted });
    setLocalAudioEnabled(this.session, !muted && !this.info.held);
  }

  /** Shown on the card as soon as the signalling connection is lost mid-call. */
  markRecovering(): void {
    if (this.info.state === 'active') this.update({ recovering: true });
  }

  /**
   * After the signalling transport came back: re-INVITE over the new connection with an ICE
   * restart, so the PBX learns the new route (its Contact alias) and media recovers if the
   * network path changed. A call the other side ended meanwhile (481/408) is closed here
   * instead of lingering as a ghost.
   */
  recover(): Promise<void> {
    if (this.info.state !== 'active') return Promise.resolve();
    return this.queue(async () => {
      try {
        await sendReinvite(this.session, { hold: this.info.held, iceRestart: true, retries: this.hooks.reinviteRetries });
        this.update({ recovering: false });
      } catch (error) {
        if (error instanceof ReinviteError && (error.status === 481 || error.status === 408)) await this.session.dispose().catch(() => undefined);
        else this.update({ recovering: false });
      }
    });
  }

  /** Quality of inbound audio since the previous reading; null before media flows. */
  async quality(): Promise<CallQuality | null> {
    const pc = peerConnectionOf(this.session);
    if (!pc) return null;
    const now = Date.now();
    const snapshot = snapshotFromReport(await pc.getStats(), now);
    // Silence is expected while on hold (ours or the far end's); otherwise an answered call must carry audio.
    let deadAir = false;
    if (this.info.state === 'active' && !this.info.held && !this.info.holdPending && !this.info.remoteHeld) deadAir = this.deadAir.observe(now, snapshot?.bytesReceived ?? null);
    else this.deadAir.reset();
    if (!snapshot) return deadAir ? { loss: 0, jitterMs: 0, rttMs: null, mos: 1, grade: 'poor', deadAir } : null;
    const quality = qualityBetween(this.lastStats ?? null, snapshot);
    this.lastStats = snapshot;
    return { ...quality, deadAir };
  }

  private queue(run: () => Promise<void>): Promise<void> {
    const next = this.reinvites.then(run, run);
    this.reinvites = next.catch(() => undefined);
    return next;
  }

  private finish(): void {
    const endReason = endReasonFor({
      direction: this.info.direction,
      answered: this.info.answeredAt !== null,
      localEnd: this.localEnd,
      transferred: this.transferred,
      answeredElsewhere: this.answeredElsewhere,
      sipStatus: this.info.sipStatus,
    });
    this.audio?.remove();
    this.hooks.ended(this);
    this.update({ state: 'ended', endedAt: Date.now(), endReason, recovering: false });
  }
}
