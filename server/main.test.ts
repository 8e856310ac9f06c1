import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** Starts server/main.ts under tsx (as a loader, so the PID is the server's own) with a clean database environment. */
function startMain(env: Record<string, string>): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const base = { ...process.env } as Record<string, string>;
  for (const key of ['DATABASE_URL', 'PGLITE_DIR', 'HOST', 'PORT', 'SEED_DEMO', 'ALLOW_NON_LOOPBACK']) delete base[key];
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'server/main.ts')], { cwd: ROOT, env: { ...base, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('server/main.ts', () => {
  it('prints one listening line, serves the seeded demo users, and stops on SIGTERM', async () => {
    const server = startMain({ PORT: '0', SEED_DEMO: '1' });
    try {
      const url = await within(
        new Promise<string>((resolveUrl, reject) => {
          server.child.stdout?.on('data', () => {
            const line = server.stdout().split('\n')[0];
            if (server.stdout().includes('\n') && line) resolveUrl((JSON.parse(line) as { url: string }).url);
          });
          void server.exited.then((code) => reject(new Error(`exited ${code}: ${server.stderr()}`)));
        }),
        60_000,
        'listening line',
      );
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(JSON.parse(server.stdout().trim())).toEqual({ event: 'listening', url });

      const health = await (await fetch(`${url}/api/v1/health`)).json();
      expect(health).toMatchObject({ status: 'ok', db: 'pglite' });
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent1002', password: 'demo1234' }) });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { user: { sipExtension: string } }).user.sipExtension).toBe('1002');

      server.child.kill('SIGTERM');
      expect(await within(server.exited, 15_000, 'exit after SIGTERM')).toBe(0);
      expect(server.stdout().trim().split('\n')).toHaveLength(1);
    } finally {
      if (server.child.exitCode === null && server.child.pid) process.kill(server.child.pid, 'SIGKILL');
    }
  });

  it('refuses a non-loopback HOST unless ALLOW_NON_LOOPBACK=1', async () => {
    const server = startMain({ HOST: '0.0.0.0', PORT: '0' });
    try {
      expect(await within(server.exited, 30_000, 'exit')).toBe(2);
      expect(server.stderr()).toContain('ALLOW_NON_LOOPBACK=1');
      expect(server.stdout()).toBe('');
    } finally {
      if (server.child.exitCode === null && server.child.pid) process.kill(server.child.pid, 'SIGKILL');
    }
  });
});
