import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, startProcess, type RigProcess } from './process';

const ROOT = resolve(import.meta.dirname, '../..');
const PG_ROOT = '/usr/lib/postgresql';
const DATABASE = 'hotline';
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** A throwaway PostgreSQL cluster on a free loopback port. */
export interface Postgres {
  /** `postgres://postgres@127.0.0.1:PORT/hotline` (trust auth, loopback only). */
  readonly url: string;
  /** The postmaster's PID (not the `runuser` wrapper's). */
  readonly pid: number;
  /** Fast shutdown (SIGINT), bounded, then SIGKILL; removes the data dir. */
  stop(): Promise<void>;
  /**
   * Stops the postmaster by PID (SIGINT: fast shutdown, open sessions are terminated, or
   * `signal`) and starts it again on the same port and data dir, as an operator's restart
   * does. Resolves when it accepts connections again.
   */
  restart(options?: { signal?: NodeJS.Signals; downMs?: number }): Promise<void>;
}

interface PgInstall {
  version: string;
  bin: string;
}

/** The highest PostgreSQL version whose server binaries are installed. */
function findInstall(): PgInstall {
  const versions = existsSync(PG_ROOT)
    ? readdirSync(PG_ROOT)
        .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(PG_ROOT, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const version = versions[0];
  if (!version) {
    throw new Error(`No PostgreSQL server binaries under ${PG_ROOT}/*/bin: install the Debian package \`postgresql\` (scripts/test.sh does).`);
  }
  return { version, bin: join(PG_ROOT, version, 'bin') };
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** initdb and postgres refuse to run as root, so as root they run as the `postgres` user. */
function command(bin: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/**
 * Runs the postmaster under a small shell that holds our end of a stdin pipe: if this
 * process dies without calling stop() (a test worker killed on timeout), the pipe closes,
 * `read` returns and the shell shuts PostgreSQL down, so no cluster outlives its test.
 */
const LIFELINE = 'read -r _; kill -INT "$pg" 2>/dev/null; wait "$pg"';
const withLifeline = (bin: string, args: string[]): [string, string[]] => command('/bin/sh', ['-c', `"$@" & pg=$!; ${LIFELINE}`, 'postgres-lifeline', bin, ...args]);

function giveToPostgres(path: string): void {
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', path]);
}

/**
 * Makes (once per version) an initdb'd data dir under .rig/; copying it is ~5x faster than
 * running initdb per test file. Built beside the target and renamed so that parallel test
 * files racing to build it never see a half-made template.
 */
function ensureTemplate(install: PgInstall): string {
  const template = join(ROOT, '.rig', `pg-template-${install.version}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  mkdirSync(join(ROOT, '.rig'), { recursive: true });
  const building = `${template}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { mode: 0o700 });
  giveToPostgres(building);
  const [cmd, args] = command(join(install.bin, 'initdb'), ['-D', building, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  execFileSync(cmd, args, { stdio: 'pipe', timeout: 60_000 });
  try {
    renameSync(building, template);
  } catch (error) {
    // Another worker won the race; its template is as good as ours.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(template, 'PG_VERSION'))) throw error;
  }
  return template;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Reads postmaster.pid until its status line says `ready`; returns the postmaster PID. */
async function waitReady(dataDir: string, proc: RigProcess): Promise<number> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw new Error(`postgres exited early:\n${proc.output()}`);
    try {
      const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
      if (lines[7]?.trim() === 'ready') return Number(lines[0]);
    } catch {
      /* not written yet */
    }
    await sleep(25);
  }
  throw new Error(`postgres not ready within ${READY_TIMEOUT_MS} ms:\n${proc.output()}`);
}

async function createDatabase(port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a private PostgreSQL cluster (copied from a cached template) on a free 127.0.0.1
 * port with its socket in a temp dir, tuned for tests (no fsync), and creates the
 * `hotline` database. Always call `stop()`; if this process dies first, the lifeline stops it.
 */
export async function startPostgres(): Promise<Postgres> {
  const install = findInstall();
  const template = ensureTemplate(install);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-pg-'));
  const dataDir = join(dir, 'data');
  const sockDir = join(dir, 'sock');
  execFileSync('cp', ['-a', template, dataDir]);
  mkdirSync(sockDir, { mode: 0o700 });
  giveToPostgres(dir);

  const port = await freePort();
  const settings = ['listen_addresses=127.0.0.1', `port=${port}`, `unix_socket_directories=${sockDir}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=50'];
  const [cmd, args] = withLifeline(join(install.bin, 'postgres'), ['-D', dataDir, ...settings.flatMap((s) => ['-c', s])]);
  let proc = startProcess('postgres', cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let postmaster = 0;

  const restart = async ({ signal = 'SIGINT', downMs = 0 }: { signal?: NodeJS.Signals; downMs?: number } = {}): Promise<void> => {
    const pid = postmaster;
    if (pid > 0 && alive(pid)) process.kill(pid, signal);
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (pid > 0 && alive(pid) && Date.now() < deadline) await sleep(25);
    if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
    proc.child.stdin?.end();
    await proc.stop();
    // After SIGKILL the stale pid file would stop the new postmaster only if the PID were reused; it is not checked here.
    await sleep(downMs);
    proc = startProcess('postgres', cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    postmaster = await waitReady(dataDir, proc);
    result.pid = postmaster;
  };

  const stop = async (): Promise<void> => {
    const pid = postmaster;
    if (pid > 0 && alive(pid)) process.kill(pid, 'SIGINT');
    // Also releases the lifeline shell, which reaps the postmaster (else it lingers as a zombie).
    proc.child.stdin?.end();
    if (pid > 0) {
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (alive(pid) && Date.now() < deadline) await sleep(25);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    postmaster = await waitReady(dataDir, proc);
    await createDatabase(port);
  } catch (error) {
    await stop();
    throw error;
  }
  const result = { url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`, pid: postmaster, stop, restart };
  return result;
}
