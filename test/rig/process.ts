import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createConnection } from 'node:net';
import { readFile } from 'node:fs/promises';

/** A child process the rig started; always stopped by PID. */
export interface RigProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Collected output, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a process, keeps the last 64 KiB of its output, stops it with a signal then SIGKILL. */
export function startProcess(name: string, command: string, args: string[], options: SpawnOptions & { stopSignal?: NodeJS.Signals } = {}): RigProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (child.pid === undefined) throw new Error(`${name}: failed to start ${command}`);
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-65536);
    if (process.env.RIG_VERBOSE) process.stderr.write(`[${name}] ${chunk.toString()}`);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    pid,
    child,
    output: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(pid, options.stopSignal ?? 'SIGTERM');
      } catch {
        return;
      }
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      }
    },
  };
}

/** Waits until a TCP port on 127.0.0.1 accepts connections, bounded by `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, proc?: RigProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${proc.name} exited early:\n${proc.output()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not open within ${timeoutMs} ms${proc ? `:\n${proc.output()}` : ''}`);
}

/** Whether a UDP socket is bound to `port` in this network namespace (`/proc/net/udp`, IPv4), or null without /proc. */
async function udpBound(port: number): Promise<boolean | null> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const table = await readFile('/proc/net/udp', 'utf8').catch(() => null);
  if (table === null) return null;
  return table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex));
}

/**
 * `waitForPort` for a UDP server: waits until its socket is bound (nothing to connect to; a
 * probe datagram would be a request to it), bounded by `timeoutMs`. Without /proc it waits 300 ms.
 */
export async function waitForUdpPort(port: number, timeoutMs: number, proc?: RigProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${proc.name} exited early:\n${proc.output()}`);
    }
    const bound = await udpBound(port);
    if (bound === null) return new Promise((r) => setTimeout(r, 300));
    if (bound) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`UDP port ${port} was not bound within ${timeoutMs} ms${proc ? `:\n${proc.output()}` : ''}`);
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Waits until nothing accepts connections on a 127.0.0.1 port any more, bounded by `timeoutMs`. */
export async function waitForPortClosed(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await waitForPort(port, 100);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} still open after ${timeoutMs} ms`);
}
