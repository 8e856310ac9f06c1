import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProcess, waitForUdpPort, type RigProcess } from './process';
import { freeUdpPort } from './rtpengine';

/** The project's sipp scenarios (sipp's built-in ones ignore Record-Route, rig.md). */
export const SIPP_DIR = resolve(import.meta.dirname, 'sipp');

export interface SippOptions {
  /** Scenario file name in test/rig/sipp/. */
  scenario: string;
  /** SIP port to bind on 127.0.0.1 (a free one by default). */
  port?: number;
  /** UAC only: `host:port` to send the first request to. */
  remote?: string;
  /** UAC only: the request user (`-s`). */
  service?: string;
  /**
   * Values for `{{name}}` placeholders, filled in before sipp reads the file: for what sipp
   * checks at load time (a response's status code cannot be a `-key` keyword). A placeholder
   * without a value is removed.
   */
  template?: Record<string, string>;
  /** Values for `[name]` keywords in the scenario (`-key`). */
  keys?: Record<string, string>;
  /** Default `<pause/>` length. */
  pauseMs?: number;
  /** Echo received RTP back to its sender (default true): proves audio both ways with one tone. */
  rtpEcho?: boolean;
  /** sipp gives up after this long. */
  timeoutSec?: number;
  /** Calls to play before exiting (default 1); a UAS handles them concurrently on its one port (the auto-call benchmark). */
  calls?: number;
}

/** One sipp process playing one call of a scenario: a carrier peer independent of the product. */
export interface Sipp {
  readonly port: number;
  /** The RTP port announced in its SDP. */
  readonly mediaPort: number;
  readonly process: RigProcess;
  /** Resolves with sipp's exit code once its one call is over (0: the scenario passed). */
  done(): Promise<number>;
  /** Lines written by `<log>` actions, then unexpected messages. */
  log(): Promise<string>;
  /** Every SIP message sipp sent and received (for failure reports). */
  messages(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts sipp for exactly one call (`-m 1`) on loopback; `stop()` ends it by PID. */
export async function startSipp(options: SippOptions): Promise<Sipp> {
  const dir = await mkdtemp(join(tmpdir(), 'hd-sipp-'));
  const logFile = join(dir, 'sipp.log');
  // Every `{{name}}` is filled in, a missing value with nothing (an optional action left out).
  const text = (await readFile(join(SIPP_DIR, options.scenario), 'utf8')).replace(/\{\{(\w+)\}\}/g, (_, key: string) => options.template?.[key] ?? '');
  const scenario = join(dir, options.scenario);
  await writeFile(scenario, text);
  // sipp binds four media ports from `-mp` (audio RTP and RTCP, then video), and a free port's
  // neighbours may be taken by the time it starts (a CI run lost a test to "Unable to bind video
  // RTP socket ... Address already in use"): a start refused so is tried again on other ports.
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freeUdpPort());
    // rtp_echo binds the media port and the next one (RTCP): take an even free port's pair.
    const mediaPort = (await freeUdpPort()) & ~1;
    const proc = startProcess('sipp', 'sipp', sippArgs(options, scenario, dir, logFile, port, mediaPort), { cwd: dir });
    const exited = new Promise<number>((resolveExit) => {
      if (proc.child.exitCode !== null) resolveExit(proc.child.exitCode);
      proc.child.once('exit', (code) => resolveExit(code ?? -1));
    });
    try {
      // A UAS is ready once its SIP socket is bound (sipp prints no ready line): on a loaded
      // machine a fixed 300 ms was not always enough, and a request sent before the bind was lost.
      await waitForUdpPort(port, 10_000, proc);
    } catch (error) {
      await proc.stop();
      if (attempt < MAX_STARTS && /Address already in use|errno = 98/.test(String(error))) continue;
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return {
      port,
      mediaPort,
      process: proc,
      done: () => exited,
      log: async () => {
        const parts = await Promise.all([readFile(logFile, 'utf8').catch(() => ''), readFile(join(dir, 'errors.log'), 'utf8').catch(() => '')]);
        return parts.join('\n');
      },
      messages: () => readFile(join(dir, 'messages.log'), 'utf8').catch(() => ''),
      async stop() {
        await proc.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}

/** How many times a sipp start refused for a port in use is tried. */
const MAX_STARTS = 3;

/** sipp's command line for one start on `port`, media from `mediaPort`. */
function sippArgs(options: SippOptions, scenario: string, dir: string, logFile: string, port: number, mediaPort: number): string[] {
  const args = [
    ...(options.remote ? [options.remote] : []),
    '-sf',
    scenario,
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(mediaPort),
    '-m',
    String(options.calls ?? 1),
    '-nostdin',
    '-timeout',
    `${options.timeoutSec ?? 60}s`,
    '-timeout_error',
    '-trace_logs',
    '-log_file',
    logFile,
    '-trace_err',
    '-error_file',
    join(dir, 'errors.log'),
    '-trace_msg',
    '-message_file',
    join(dir, 'messages.log'),
  ];
  if (options.service) args.push('-s', options.service);
  if (options.pauseMs !== undefined) args.push('-d', String(options.pauseMs));
  if (options.rtpEcho ?? true) args.push('-rtp_echo');
  for (const [key, value] of Object.entries(options.keys ?? {})) args.push('-key', key, value);
  return args;
}

