import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { utilityProcess } from 'electron';
import { writeFileAtomic } from './atomic-write';

/** The part of Electron's `UtilityProcess` the launcher uses. */
export interface ChildProcessLike {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  on(event: 'exit', listener: (code: number) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** `utilityProcess.fork`, injectable for tests. */
export type ForkFn = (modulePath: string, args: string[], options: { env: Record<string, string>; stdio: 'pipe'; serviceName: string }) => ChildProcessLike;

export interface EmbeddedRecordStoreOptions {
  /** The built `server/main.ts` bundle. */
  entry: string;
  /** PGlite's data folder (in userData). */
  dataDir: string;
  /** The per-installation secret, see `loadInstallationSecret`. */
  secret: string;
  /** The port to listen on; 0 (default) lets the OS pick. Main reserves one up front so the page's URL is known before the store is up. */
  port?: number;
  /** Called when the process ends after it was listening (a crash, or killed from outside). */
  onExit?: (code: number) => void;
  fork?: ForkFn;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  log?: (message: string) => void;
}

const LOOPBACK_URL = /^http:\/\/127\.0\.0\.1:([0-9]{1,5})$/;

/** Why `start` failed: `timeout` (never said it listens), `exited` (ended first), `error` (anything else). */
export class EmbeddedStoreStartError extends Error {
  constructor(
    readonly code: 'timeout' | 'exited' | 'error',
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddedStoreStartError';
  }
}

/**
 * The record store on its embedded default (PGlite), for a workstation with no central one:
 * a utility process on 127.0.0.1 with a port the OS picks (`PORT=0`), data in userData and a
 * per-installation secret. `start` resolves with its URL once it printed its `listening`
 * line; `stop` ends it on quit.
 */
export class EmbeddedRecordStore {
  private child: ChildProcessLike | null = null;
  private url: string | null = null;
  private exited = false;

  constructor(private readonly options: EmbeddedRecordStoreOptions) {}

  /** The URL while running, else null. */
  get runningUrl(): string | null {
    return this.url;
  }

  async start(): Promise<string> {
    if (this.url) return this.url;
    if (this.child) throw new Error('embedded record store is already starting');
    const fork = this.options.fork ?? ((modulePath, args, options) => utilityProcess.fork(modulePath, args, options));
    // Only what the server needs: the parent's environment could carry DATABASE_URL, HOST or
    // ALLOW_NON_LOOPBACK meant for something else.
    const env: Record<string, string> = {
      HOST: '127.0.0.1',
      PORT: String(this.options.port ?? 0),
      PGLITE_DIR: this.options.dataDir,
      RECORD_STORE_SECRET: this.options.secret,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    };
    const child = fork(this.options.entry, [], { env, stdio: 'pipe', serviceName: 'Hotline Desk record store' });
    this.child = child;
    this.exited = false;
    child.stderr?.on('data', (data: Buffer | string) => this.options.log?.(`record store: ${data.toString().trimEnd()}`));
    try {
      this.url = await this.waitForListening(child);
    } catch (error) {
      await this.stop();
      throw error;
    }
    child.on('exit', (code) => {
      this.options.log?.(`embedded record store exited with code ${code}`);
      // After `stop` the child is already forgotten: only an unexpected end is reported.
      const unexpected = this.child === child;
      this.child = null;
      this.url = null;
      if (unexpected) this.options.onExit?.(code);
    });
    return this.url;
  }

  /** Ends the process and waits for it (bounded). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.url = null;
    if (!child || this.exited) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.options.stopTimeoutMs ?? 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill();
    });
  }

  private waitForListening(child: ChildProcessLike): Promise<string> {
    return new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new EmbeddedStoreStartError('timeout', 'embedded record store did not start in time')), this.options.startTimeoutMs ?? 30_000);
      child.once('exit', (code) => {
        this.exited = true;
        clearTimeout(timer);
        reject(new EmbeddedStoreStartError('exited', `embedded record store exited with code ${code} before listening`));
      });
      if (!child.stdout) {
        clearTimeout(timer);
        reject(new EmbeddedStoreStartError('error', 'embedded record store has no stdout'));
        return;
      }
      child.stdout.on('data', (data: Buffer | string) => {
        buffered = (buffered + data.toString()).slice(-64 * 1024);
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          const url = listeningUrl(line);
          // With a reserved port, only that port is ours.
          if (url && (!this.options.port || url.endsWith(`:${this.options.port}`))) {
            clearTimeout(timer);
            resolve(url);
          }
        }
      });
    });
  }
}

/** The URL from a `{"event":"listening","url":…}` line, only if it is loopback http. */
export function listeningUrl(line: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { event, url } = json as { event?: unknown; url?: unknown };
  if (event !== 'listening' || typeof url !== 'string') return null;
  const match = LOOPBACK_URL.exec(url);
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 65_535) return null;
  return url;
}

/**
 * The installation's secret for the embedded store: 32 random bytes made once and kept in
 * userData (owner-only file). A corrupt file is replaced.
 */
export async function loadInstallationSecret(filePath: string): Promise<string> {
  try {
    const existing = (await readFile(filePath, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(existing)) return existing;
  } catch {
    // Not made yet.
  }
  const secret = randomBytes(32).toString('hex');
  await writeFileAtomic(filePath, `${secret}\n`, { mode: 0o600 });
  return secret;
}
