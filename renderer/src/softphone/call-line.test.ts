import { SessionState, type Session } from 'sip.js';
import { describe, expect, it, vi } from 'vitest';
import { CallLine, type LineHooks } from './call-line';
import type { CallInfo } from './types';
import { callInfo } from '../../../test/fakes/web/call-info';

/**
 * A sip.js Session stand-in: state changes are driven by the test, and every re-INVITE
 * is answered from a script (status per call), recording the options it was sent with.
 */
class FakeSession {
  state = SessionState.Established;
  private listeners: Array<(s: SessionState) => void> = [];
  readonly stateChange = { addListener: (l: (s: SessionState) => void) => void this.listeners.push(l) };
  sessionDescriptionHandlerOptionsReInvite: unknown;
  readonly reinvites: Array<{ options: unknown; startedAt: number }> = [];
  inFlight = 0;
  maxInFlight = 0;
  disposed = false;
  sessionDescriptionHandler = undefined;
  constructor(private readonly answers: number[]) {}
  set(state: SessionState) {
    this.state = state;
    this.listeners.forEach((l) => l(state));
  }
  invite(options: { requestDelegate: { onAccept: () => void; onReject: (r: { message: { statusCode: number } }) => void } }) {
    this.reinvites.push({ options: this.sessionDescriptionHandlerOptionsReInvite, startedAt: Date.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const status = this.answers.shift() ?? 200;
    setTimeout(() => {
      this.inFlight--;
      if (status === 200) options.requestDelegate.onAccept();
      else options.requestDelegate.onReject({ message: { statusCode: status } });
    }, 5);
    return Promise.resolve();
  }
  dispose() {
    this.disposed = true;
    this.set(SessionState.Terminated);
    return Promise.resolve();
  }
}

const info = (patch: Partial<CallInfo> = {}): CallInfo => callInfo({ id: 'call-1', sipCallId: 'sip-1', startedAt: 0, ...patch });

function line(answers: number[] = [], patch: Partial<CallInfo> = {}) {
  const session = new FakeSession(answers);
  const emitted: CallInfo[] = [];
  const ended: string[] = [];
  const hooks: LineHooks = {
    emit: (i) => emitted.push(i),
    ended: (l) => ended.push(l.id),
    audioParent: () => document.body,
    outputDeviceId: () => '',
    reinviteRetries: 2,
  };
  const l = new CallLine(session as unknown as Session, info(patch), hooks);
  return { l, session, emitted, ended };
}

describe('CallLine state machine', () => {
  it('ringing → active on Established, stamping the answer time', () => {
    const { l, session } = line();
    session.set(SessionState.Established);
    expect(l.info.state).toBe('active');
    expect(l.info.answeredAt).not.toBeNull();
  });

  it('shows held only after the re-INVITE was accepted, and pending meanwhile', async () => {
    const { l, session, emitted } = line();
    session.set(SessionState.Established);
    const done = l.setHold(true);
    expect(l.info.held).toBe(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(l.info.holdPending).toBe(true);
    await done;
    expect(l.info).toMatchObject({ held: true, holdPending: false });
    expect(emitted.some((i) => i.holdPending && !i.held)).toBe(true);
    expect(session.reinvites[0]!.options).toEqual({ hold: true });
  });

  it('a refused hold leaves the call as it was', async () => {
    const { l, session } = line([488]);
    session.set(SessionState.Established);
    await expect(l.setHold(true)).rejects.toThrow('reinvite-488');
    expect(l.info).toMatchObject({ held: false, holdPending: false });
  });

  it('never has two re-INVITEs pending: hold, resume and hold again run one after another', async () => {
    const { l, session } = line();
    session.set(SessionState.Established);
    await Promise.all([l.setHold(true), l.setHold(false), l.setHold(true)]);
    expect(session.maxInFlight).toBe(1);
    expect(session.reinvites.map((r) => (r.options as { hold: boolean }).hold)).toEqual([true, false, true]);
    expect(l.info.held).toBe(true);
  });

  it('is refused while not active', async () => {
    const { l } = line();
    await expect(l.setHold(true)).rejects.toThrow('no-active-call');
  });

  it('recovers after a transport loss with an ICE-restart re-INVITE keeping the hold state', async () => {
    const { l, session } = line();
    session.set(SessionState.Established);
    await l.setHold(true);
    l.markRecovering();
    expect(l.info.recovering).toBe(true);
    await l.recover();
    expect(l.info.recovering).toBe(false);
    expect(session.reinvites.at(-1)!.options).toEqual({ hold: true, offerOptions: { iceRestart: true } });
    expect(l.info.state).toBe('active');
  });

  it('a call the other side ended while we were cut off (481) is closed, not left as a ghost', async () => {
    const { l, session, ended } = line([481]);
    session.set(SessionState.Established);
    l.markRecovering();
    await l.recover();
    expect(session.disposed).toBe(true);
    expect(ended).toEqual(['call-1']);
    expect(l.info).toMatchObject({ state: 'ended', endReason: 'remote-hangup', recovering: false });
  });

  it('ends as missed when an inbound call terminates unanswered, as rejected when we declined', () => {
    const missed = line();
    missed.session.set(SessionState.Terminated);
    expect(missed.l.info.endReason).toBe('missed');
    const declined = line();
    declined.l.localEnd = true;
    declined.session.set(SessionState.Terminated);
    expect(declined.l.info.endReason).toBe('rejected');
  });

  it('mute changes only the flag and local tracks, not the hold state', () => {
    const { l, session } = line();
    session.set(SessionState.Established);
    l.setMuted(true);
    expect(l.info).toMatchObject({ muted: true, held: false });
  });
});

describe('CallLine: the far end holds the call', () => {
  const offer = (direction: string) => ['v=0', 'o=c 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 8', `a=${direction}`].join('\r\n');
  /** A peer connection whose inbound audio byte counter never moves: the line is silent. */
  const silentPc = { getStats: async () => new Map([['in', { type: 'inbound-rtp', kind: 'audio', bytesReceived: 1000, packetsReceived: 10 }]]) };

  it('a sendonly re-INVITE marks it held by the other side: no dead air while held, dead air again after the resume', async () => {
    const { l, session } = line();
    session.set(SessionState.Established);
    // Only now: jsdom's audio element cannot play, so the line gets no media to attach on answer.
    (session as unknown as { sessionDescriptionHandler: unknown }).sessionDescriptionHandler = { peerConnection: silentPc };
    const now = vi.spyOn(Date, 'now');
    const reinvite = (direction: string) => (session as unknown as Session).delegate?.onInvite?.({ body: offer(direction) } as never, '', 200);
    try {
      now.mockReturnValue(0);
      await l.quality();
      reinvite('sendonly');
      expect(l.info.remoteHeld).toBe(true);
      now.mockReturnValue(6000);
      expect((await l.quality())?.deadAir).toBe(false);
      reinvite('sendrecv');
      expect(l.info.remoteHeld).toBe(false);
      now.mockReturnValue(7000);
      await l.quality();
      now.mockReturnValue(12_500);
      // Resumed and still silent: now it is dead air.
      expect((await l.quality())?.deadAir).toBe(true);
    } finally {
      now.mockRestore();
    }
  });
});
