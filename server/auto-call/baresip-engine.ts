import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutoCallOutcome } from './auto-call-policy';
import type { CallEngine, CallRequest } from './call-engine';

/**
 * The production call engine: baresip (Debian `baresip-core`), one process per call, driven
 * over its `ctrl_tcp` control socket (netstring JSON). One process per call because the
 * audio source (the fraud type's WAV, played by `aufile`) is per-process configuration, and
 * a crashed call then takes no other call with it. baresip does SIP, RTP (G.711) and
 * RFC 4733 telephone-event; this file only reads its events:
 * CALL_RINGING/CALL_PROGRESS → the line was reached; CALL_ESTABLISHED → answered; CALL_DTMF_START `1`/`2` → the key; CALL_CLOSED → the SIP reason.
 */
export interface BaresipEngineOptions {
  /** Where requests go: the PBX (`127.0.0.1:5060`) or, in tests, the citizen's endpoint. */
  target: string;
  /** Digest credentials of the caller's extension at the PBX, if it asks. */
  authUser?: string;
  authPass?: string;
  /** Wait for a key this long after the message has had time to play once (default 8 s). */
  keyWaitMs?: number;
  /** Seconds of audio in the WAV, so "answered without a key" waits for the whole message (default 20). */
  messageSeconds?: number;
  binary?: string;
  /** Keep the audio of each call in this directory (baresip's sndfile dumps: `dump-*-dec.wav` is what came back); tests use it to prove audio flowed. */
  recordDir?: string;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** The outcome a CALL_CLOSED reason stands for when the call was never answered (SIP status in the text). */
export function outcomeOfFailure(reason: string): AutoCallOutcome {
  const code = Number(/\b([3-6]\d\d)\b/.exec(reason)?.[1] ?? 0);
  if (code === 486 || code === 600) return 'busy';
  if (code === 404 || code === 484 || code === 604 || code === 410) return 'invalid-number';
  if (code === 408 || code === 480 || code === 487 || code === 603) return 'no-answer';
  return 'network-failure';
}

/** A baresip engine; each `call` starts and ends its own baresip process. */
export function baresipEngine(options: BaresipEngineOptions): CallEngine {
  return { name: 'baresip', call: (request) => callOnce(options, request) };
}

async function callOnce(options: BaresipEngineOptions, request: CallRequest): Promise<AutoCallOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'auto-call-'));
  const [sipPort, ctrlPort] = [await freePort(), await freePort()];
  const config = [
    'poll_method poll',
    `sip_listen 127.0.0.1:${sipPort}`,
    'net_interface 127.0.0.1',
    `audio_source aufile,${request.audioFile}`,
    // No sound card: nothing is played locally (baresip 1.0's aufile is a source only).
    ...(options.recordDir ? [`snd_path ${options.recordDir}`, 'module sndfile.so'] : []),
    'module_path /usr/lib/baresip/modules',
    'module g711.so',
    'module aufile.so',
    'module_app account.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
  ].join('\n');
  const auth = options.authUser ? `;auth_user=${options.authUser};auth_pass=${options.authPass ?? ''}` : '';
  await writeFile(join(dir, 'config'), `${config}\n`);
  await writeFile(join(dir, 'accounts'), `<sip:${request.presentedNumber}@127.0.0.1>;regint=0;audio_codecs=PCMA,PCMU${auth}\n`);
  const child = spawn(options.binary ?? 'baresip', ['-f', dir], { stdio: 'ignore' });
  let socket: Socket | undefined;
  try {
    socket = await connectWithin(ctrlPort, 5_000);
    return await runCall(socket, options, request);
  } catch {
    return 'network-failure';
  } finally {
    socket?.destroy();
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

async function connectWithin(port: number, ms: number): Promise<Socket> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const s = createConnection({ host: '127.0.0.1', port }, () => resolve(s));
        s.once('error', reject);
      });
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

interface BaresipEvent {
  event?: boolean;
  response?: boolean;
  ok?: boolean;
  type?: string;
  param?: string;
}

/** Dials, then follows events until the call is decided; bounded by `request.timeoutMs`. */
function runCall(socket: Socket, options: BaresipEngineOptions, request: CallRequest): Promise<AutoCallOutcome> {
  const send = (command: string, params = '') => {
    const body = Buffer.from(JSON.stringify({ command, params, token: command }));
    socket.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
  };
  return new Promise<AutoCallOutcome>((resolve) => {
    let answered = false;
    // Ringing or early media: the network reached the person's line (a timeout is then "no answer", not our failure).
    let reached = false;
    let settled = false;
    let keyTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: AutoCallOutcome, hangup: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(keyTimer);
      if (hangup) send('hangup');
      // Let the BYE leave before the process is stopped.
      setTimeout(() => resolve(outcome), hangup ? 300 : 0);
    };
    const overall = setTimeout(() => finish(answered ? 'answered-no-key' : reached ? 'no-answer' : 'network-failure', true), request.timeoutMs);
    request.signal?.addEventListener('abort', () => finish(answered ? 'answered-no-key' : 'network-failure', true), { once: true });
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const colon = buffer.indexOf(0x3a);
        if (colon < 0) return;
        const length = Number(buffer.subarray(0, colon).toString());
        if (buffer.length < colon + 1 + length + 1) return;
        const message = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString()) as BaresipEvent;
        buffer = buffer.subarray(colon + 1 + length + 1);
        if (message.response && message.ok === false) finish('network-failure', false);
        if (message.type === 'CALL_RINGING' || message.type === 'CALL_PROGRESS') reached = true;
        if (message.type === 'CALL_ESTABLISHED') {
          answered = true;
          keyTimer = setTimeout(() => finish('answered-no-key', true), (options.messageSeconds ?? 20) * 1000 + (options.keyWaitMs ?? 8_000));
        }
        if (message.type === 'CALL_DTMF_START' && (message.param === '1' || message.param === '2')) finish(message.param === '1' ? 'pressed-1' : 'pressed-2', true);
        if (message.type === 'CALL_CLOSED') finish(answered ? 'answered-no-key' : outcomeOfFailure(message.param ?? ''), false);
      }
    });
    socket.on('close', () => finish(answered ? 'answered-no-key' : 'network-failure', false));
    send('dial', `sip:${request.to}@${options.target}`);
  });
}
