// The caller simulator: an independent sip.js phone (not the product's wrapper, so a bug in
// the wrapper cannot hide itself on both ends). Tests drive it through `window.caller`.
import { Invitation, Inviter, Registerer, RegistererState, SessionState, SIPExtension, UserAgent, type Session, type Web } from 'sip.js';
import { measureTone } from './tone';

type CallerState = 'idle' | 'calling' | 'ringing' | 'active' | 'ended';

const params = new URLSearchParams(location.search);
/** `?defaults=1`: sip.js's default media settings, as the benchmark's baseline. */
const useDefaults = params.get('defaults') === '1';
/** performance.now() timestamps of the last call's milestones, for the benchmark. */
const timings: Record<string, number> = {};
const wsUrl = params.get('ws') ?? 'ws://127.0.0.1:8088';
const domain = params.get('domain') ?? '127.0.0.1';
const $ = (id: string) => document.getElementById(id) as HTMLInputElement;

let ua: UserAgent | undefined;
let session: Session | undefined;
let state: CallerState = 'idle';
let lastStatus = 0;
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
  $('state').textContent = next;
  log(`state ${next}`);
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
    if (st === SessionState.Terminated) setState('ended');
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
  async register(extension: string): Promise<void> {
    const started = performance.now();
    ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${extension}@${domain}`),
      transportOptions: { server: wsUrl },
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: useDefaults ? {} : { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 1000 },
      // Lets this phone be the target of an attended transfer (INVITE with Replaces).
      sipExtensionReplaces: SIPExtension.Supported,
      delegate: {
        onInvite: (invitation: Invitation) => {
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
    await ua.start();
    const registerer = new Registerer(ua, { expires: 300 });
    const done = new Promise<void>((resolve) => registerer.stateChange.addListener((s) => s === RegistererState.Registered && resolve()));
    await registerer.register();
    await done;
    timings.registerMs = performance.now() - started;
    registered = true;
    $('reg').textContent = `registered as ${extension}`;
  },
  async call(target: string): Promise<void> {
    if (!ua) throw new Error('not registered');
    const inviter = new Inviter(ua, UserAgent.makeURI(`sip:${target}@${domain}`)!, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    watch(inviter);
    setState('calling');
    for (const k of Object.keys(timings)) if (k !== 'registerMs') delete timings[k];
    timings.dial = performance.now();
    await inviter.invite({
      requestDelegate: {
        onReject: (r) => (lastStatus = r.message.statusCode ?? 0),
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
    else if (session instanceof Inviter) await session.cancel();
    else if (session instanceof Invitation) await session.reject();
  },
  state: () => state,
  replaced: () => replaced,
  /** The other side's ICE username fragment: changes when it restarts ICE. */
  remoteIceUfrag: () => /a=ice-ufrag:(\S+)/.exec((session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection?.remoteDescription?.sdp ?? '')?.[1] ?? null,
  timings: () => ({ ...timings }),
  registered: () => registered,
  lastStatus: () => lastStatus,
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
if (params.get('autoRegister')) void caller.register(params.get('autoRegister')!).catch((e: unknown) => log(String(e)));
