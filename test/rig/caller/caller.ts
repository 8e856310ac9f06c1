// The caller simulator: an independent sip.js phone (not the product's wrapper, so a bug in
// the wrapper cannot hide itself on both ends). Tests drive it through `window.caller`.
import { Invitation, Inviter, SessionState, SIPExtension, UserAgent, type Session, type Web } from 'sip.js';
import { RegistrationKeeper, type RegStatus } from './registration';
import { measureTone } from './tone';

type CallerState = 'idle' | 'calling' | 'ringing' | 'active' | 'ended';

const params = new URLSearchParams(location.search);
/** `?defaults=1`: sip.js's default media settings, as the benchmark's baseline. */
const useDefaults = params.get('defaults') === '1';
/** performance.now() timestamps of the last call's milestones, for the benchmark. */
const timings: Record<string, number> = {};
const wsUrl = params.get('ws') ?? 'ws://127.0.0.1:8088';
const domain = params.get('domain') ?? '127.0.0.1';
/** `?password=`: the SIP digest password of whatever number this phone registers as (the rig's device password). */
const sipPassword = params.get('password') ?? undefined;
const $ = (id: string) => document.getElementById(id) as HTMLInputElement;

let ua: UserAgent | undefined;
let keeper: RegistrationKeeper | undefined;
let session: Session | undefined;
let state: CallerState = 'idle';
let lastStatus = 0;
/** Why the last call ended or failed, as the page shows it (SIP status and reason, or the transport error). */
let lastReason = '';
let registered = false;
const dtmfReceived: string[] = [];
const transfers: string[] = [];
/** Calls this phone took over by Replaces (attended transfer target). */
let replaced = 0;

function log(line: string): void {
  $('log').textContent = `${new Date().toISOString().slice(11, 23)} ${line}\n${$('log').textContent ?? ''}`.slice(0, 5000);
}
function setState(next: CallerState): void {
  state = next;
  $('state').textContent = next === 'ended' && lastReason ? `ended: ${lastReason}` : next;
  log(`state ${next}${next === 'ended' && lastReason ? ` (${lastReason})` : ''}`);
}

/** Shows the registration's true state (registered / registering / reconnecting / offline) and why. */
function showRegistration(extension: string, status: RegStatus): void {
  registered = status.state === 'registered';
  const el = $('reg');
  el.dataset.state = status.state;
  const retry = status.retryAt ? `, retry in ${Math.max(0, Math.round((status.retryAt - Date.now()) / 1000))} s` : '';
  el.textContent =
    status.state === 'registered' ? `registered as ${extension}` : status.state === 'offline' ? 'offline' : `${status.state}${status.reason ? ` (${status.reason}${retry})` : retry}`;
  log(`registration ${el.textContent}`);
}

function watch(s: Session): void {
  session = s;
  s.delegate = {
    // Blind transfer: accept the REFER and call the target, as a citizen's phone would.
    onRefer: (referral) => {
      void referral.accept().then(() => {
        const next = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
        transfers.push(referral.referTo.uri.user ?? '');
        watch(next);
        setState('calling');
        void next.invite();
      });
    },
    onInfo: (info) => {
      const match = /Signal=\s*([0-9*#A-D])/.exec(info.request.body ?? '');
      if (match) dtmfReceived.push(match[1]!);
      void info.accept();
    },
  };
  s.stateChange.addListener((st) => {
    // A transferred-away session ending must not end the call that replaced it.
    if (s !== session) return;
    if (st === SessionState.Established) {
      const stream = (s.sessionDescriptionHandler as Web.SessionDescriptionHandler).remoteMediaStream;
      const audio = new Audio();
      audio.srcObject = stream;
      void audio.play().catch(() => undefined);
      timings.established = performance.now();
      void detectFirstAudio(stream);
      setState('active');
    }
    if (st === SessionState.Terminated) {
      // A call that never connected and got no final response: the PBX or the WebSocket went away.
      if (!lastReason && !timings.answered && s instanceof Inviter && lastStatus < 200) lastReason = registered ? 'no answer from the PBX' : 'the PBX connection was lost';
      setState('ended');
    }
  });
}

/** Records when the first audible samples arrive on a remote stream (benchmark: answer → audio). */
async function detectFirstAudio(stream: MediaStream): Promise<void> {
  const ctx = new AudioContext();
  await ctx.resume();
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    analyser.getFloatTimeDomainData(samples);
    if (samples.some((v) => Math.abs(v) > 0.05)) {
      timings.firstAudio = performance.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await ctx.close();
}

const caller = {
  /**
   * Registers as `extension` and stays registered: a lost WebSocket or a refused REGISTER is
   * retried with capped backoff (registration.ts). Resolves on the first 200 OK, rejects on
   * the first failure (the retries go on). Registering again replaces the previous phone.
   */
  async register(extension: string): Promise<void> {
    const started = performance.now();
    await keeper?.stop();
    await ua?.stop().catch(() => undefined);
    const next = new UserAgent({
      uri: UserAgent.makeURI(`sip:${extension}@${domain}`),
      // The PBX challenges REGISTER and INVITE (digest auth); the number is the digest user.
      ...(sipPassword ? { authorizationUsername: extension, authorizationPassword: sipPassword } : {}),
      // CRLF keep-alives every 20 s: an idle WebSocket is noticed as dead within seconds of a ping going unanswered.
      transportOptions: { server: wsUrl, keepAliveInterval: 20 },
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: useDefaults ? {} : { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 1000 },
      // Lets this phone be the target of an attended transfer (INVITE with Replaces).
      sipExtensionReplaces: SIPExtension.Supported,
      delegate: {
        onDisconnect: (error) => keeper?.onDisconnect(error),
        onInvite: (invitation: Invitation) => {
          lastReason = '';
          watch(invitation);
          if (invitation.replacee) {
            // A transferee replacing an established call is accepted at once, as phones do;
            // sip.js then ends the replaced call (our leg with the transferor).
            replaced += 1;
            void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
            return;
          }
          setState('ringing');
        },
      },
    });
    ua = next;
    keeper = new RegistrationKeeper(next, (status) => showRegistration(extension, status));
    await keeper.start();
    timings.registerMs = performance.now() - started;
  },
  async call(target: string): Promise<void> {
    if (!ua) throw new Error('not registered');
    const inviter = new Inviter(ua, UserAgent.makeURI(`sip:${target}@${domain}`)!, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    lastReason = '';
    lastStatus = 0;
    watch(inviter);
    setState('calling');
    for (const k of Object.keys(timings)) if (k !== 'registerMs') delete timings[k];
    timings.dial = performance.now();
    try {
      await inviter.invite({
        requestDelegate: {
          onReject: (r) => {
            lastStatus = r.message.statusCode ?? 0;
            lastReason = `${lastStatus} ${r.message.reasonPhrase}`;
            // sip.js may end the session before this callback runs: show the real reason then.
            if (state === 'ended') setState('ended');
          },
          onProgress: (r) => {
            lastStatus = r.message.statusCode ?? 0;
            if (lastStatus === 180) timings.ringing ??= performance.now();
          },
          onAccept: () => {
            timings.answered = performance.now();
            timings.answeredEpoch = performance.timeOrigin + timings.answered;
          },
        },
        requestOptions: {},
      });
    } catch (error) {
      // Not even sent (no transport): the call ends here, and the page says why.
      lastReason = `not sent: ${error instanceof Error ? error.message : String(error)}`;
      setState('ended');
      throw error;
    }
    timings.inviteSent = performance.now();
  },
  async answer(): Promise<void> {
    if (!(session instanceof Invitation)) throw new Error('no incoming call');
    await session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  },
  /** Sends 183 Session Progress with SDP: the caller's audio plays to the other side before answering (early media). */
  async earlyMedia(): Promise<void> {
    if (!(session instanceof Invitation)) throw new Error('no incoming call');
    await session.progress({ statusCode: 183 });
  },
  /** Refuses a ringing call with a SIP status (486 busy, 603 decline, 480 unavailable). */
  async reject(statusCode = 486): Promise<void> {
    if (!(session instanceof Invitation)) throw new Error('no incoming call');
    await session.reject({ statusCode });
  },
  dtmfReceived: () => dtmfReceived.join(''),
  /** Targets this phone was transferred to (REFER), in order. */
  transfers: () => [...transfers],
  async hangup(): Promise<void> {
    if (!session) return;
    if (session.state === SessionState.Established) await session.bye();
    else if (session instanceof Inviter) {
      lastReason = 'cancelled';
      await session.cancel();
    }
    else if (session instanceof Invitation) await session.reject();
  },
  state: () => state,
  replaced: () => replaced,
  /** The other side's ICE username fragment: changes when it restarts ICE. */
  remoteIceUfrag: () => /a=ice-ufrag:(\S+)/.exec((session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection?.remoteDescription?.sdp ?? '')?.[1] ?? null,
  timings: () => ({ ...timings }),
  registered: () => registered,
  /** The registration's state: offline, registering, registered or reconnecting. */
  registration: () => keeper?.current.state ?? 'offline',
  lastStatus: () => lastStatus,
  /** Why the last call ended or failed, e.g. "486 Busy Here". */
  lastReason: () => lastReason,
  /** Dominant frequency of what this caller hears. */
  async hears(): Promise<{ hz: number; db: number }> {
    const sdh = session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    if (!sdh) throw new Error('no media');
    return measureTone(sdh.remoteMediaStream);
  },
};

declare global {
  interface Window {
    caller: typeof caller;
  }
}
window.caller = caller;

$('register').onclick = () => void caller.register($('ext').value).catch((e: unknown) => log(String(e)));
$('call').onclick = () => void caller.call($('target').value).catch((e: unknown) => log(String(e)));
$('answer').onclick = () => void caller.answer().catch((e: unknown) => log(String(e)));
$('hangup').onclick = () => void caller.hangup().catch((e: unknown) => log(String(e)));
const autoRegister = params.get('autoRegister');
if (autoRegister) {
  // The number field shows the number this phone really is.
  $('ext').value = autoRegister;
  void caller.register(autoRegister).catch((e: unknown) => log(String(e)));
}
