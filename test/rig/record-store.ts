import { resolve } from 'node:path';
import { startProcess, type RigProcess } from './process';

const ROOT = resolve(import.meta.dirname, '../..');

export interface RecordStoreOptions {
  /** PostgreSQL URL; PGlite (the embedded default) when absent. */
  databaseUrl?: string;
  /** PGlite data dir; in-memory when absent. */
  pgliteDir?: string;
  port?: number;
  seedDemo?: boolean;
  env?: Record<string, string>;
  /** Extra Node flags before the script, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  /** Another checkout to run the record store from (benchmarks comparing old and new code). */
  root?: string;
}

export interface RecordStore {
  readonly url: string;
  readonly process: RigProcess;
  stop(): Promise<void>;
}

/**
 * Starts the real record store (server/main.ts) as a child Node process (tsx as a loader, so
 * the PID is the server's own) and waits for its `listening` line.
 */
export async function startRecordStore(options: RecordStoreOptions = {}, timeoutMs = 60_000): Promise<RecordStore> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: String(options.port ?? 0), HOST: '127.0.0.1', ...options.env };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.pgliteDir) env.PGLITE_DIR = options.pgliteDir;
  if (options.seedDemo ?? true) env.SEED_DEMO = '1';
  const root = options.root ?? ROOT;
  const proc = startProcess('record-store', process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', resolve(root, 'server/main.ts')], { cwd: root, env });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`record store not listening after ${timeoutMs} ms:\n${proc.output()}`)), timeoutMs);
    let buffered = '';
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        try {
          const msg = JSON.parse(line) as { event?: string; url?: string };
          if (msg.event === 'listening' && msg.url) {
            clearTimeout(timer);
            resolveUrl(msg.url);
          }
        } catch {
          /* not a JSON line */
        }
      }
    });
    proc.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`record store exited (${code}):\n${proc.output()}`));
    });
  });
  return { url, process: proc, stop: () => proc.stop() };
}
