import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RigProcess } from './process';

export interface RtpengineOptions {
  /** UDP port of the ng control protocol on 127.0.0.1; a free one by default. */
  ngPort?: number;
  /** First and last UDP port for media (each call leg takes a few). */
  portMin?: number;
  portMax?: number;
  /** rtpengine log level (syslog numbers, 6 = info, 7 = debug). */
  logLevel?: number;
}

export interface Rtpengine {
  /** `udp:127.0.0.1:<port>`: what Kamailio's `rtpengine_sock` wants. */
  readonly controlSocket: string;
  readonly ngPort: number;
  /** Its media ports: every packet it relays leaves from one of these. */
  readonly portMin: number;
  readonly portMax: number;
  readonly process: RigProcess;
  stop(): Promise<void>;
}

/** Asks the OS for a free UDP port on 127.0.0.1. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Sends one ng `ping` and resolves true on `pong` within `timeoutMs`. */
export async function pingNg(port: number, timeoutMs = 300): Promise<boolean> {
  const socket = createSocket('udp4');
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      socket.on('message', (msg) => {
        clearTimeout(timer);
        resolve(msg.toString().includes('pong'));
      });
      socket.on('error', () => resolve(false));
      // ng protocol: "<cookie> <bencoded dictionary>"
      socket.send('hdping d7:command4:pinge', port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

/**
 * Starts Debian's rtpengine in userspace (`--table=-1`: no kernel module), in the foreground,
 * media on the loopback interface only, and waits until its ng control socket answers a ping.
 * It bridges the agents' WebRTC (ICE, DTLS-SRTP, rtcp-mux) to the trunk's plain RTP.
 * `stop()` ends it by PID.
 */
export async function startRtpengine(options: RtpengineOptions = {}): Promise<Rtpengine> {
  const dir = await mkdtemp(join(tmpdir(), 'hd-rtpengine-'));
  const ngPort = options.ngPort ?? (await freeUdpPort());
  const portMin = options.portMin ?? 30000;
  const portMax = options.portMax ?? Math.min(65535, portMin + 999);
  const args = [
    // Never read /etc/rtpengine/rtpengine.conf: everything the rig needs is on this line.
    '--config-file=none',
    '--table=-1',
    '--foreground',
    '--log-stderr',
    `--log-level=${options.logLevel ?? 5}`,
    `--pidfile=${join(dir, 'rtpengine.pid')}`,
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${ngPort}`,
    `--port-min=${portMin}`,
    `--port-max=${portMax}`,
    // A hang-up frees the ports at once (the default keeps them 30 s).
    '--delete-delay=0',
  ];
  const proc = startProcess('rtpengine', 'rtpengine', args);
  const deadline = Date.now() + 10_000;
  try {
    for (;;) {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new Error(`rtpengine exited early:\n${proc.output()}`);
      if (await pingNg(ngPort)) break;
      if (Date.now() > deadline) throw new Error(`rtpengine did not answer on ng port ${ngPort}:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    await proc.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    controlSocket: `udp:127.0.0.1:${ngPort}`,
    ngPort,
    portMin,
    portMax,
    process: proc,
    async stop() {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
