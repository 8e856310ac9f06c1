import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { forkedProcesses, resetElectronFake, utilityProcess } from '../../../test/fakes/node/electron';
import { EmbeddedRecordStore, listeningUrl, loadInstallationSecret } from './embedded-record-store';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

beforeEach(() => resetElectronFake());

const store = (options: Partial<ConstructorParameters<typeof EmbeddedRecordStore>[0]> = {}) =>
  new EmbeddedRecordStore({ entry: '/app/out/main/record-store.js', dataDir: '/data/pglite', secret: 'a'.repeat(64), startTimeoutMs: 500, stopTimeoutMs: 500, ...options });

describe('EmbeddedRecordStore', () => {
  it('forks the built server on loopback with a free port, data dir and secret, and resolves its URL', async () => {
    const s = store();
    const started = s.start();
    const child = forkedProcesses[0]!;
    expect(utilityProcess.fork).toHaveBeenCalledWith('/app/out/main/record-store.js', [], expect.objectContaining({ stdio: 'pipe' }));
    expect(child.options.env).toEqual({ HOST: '127.0.0.1', PORT: '0', PGLITE_DIR: '/data/pglite', RECORD_STORE_SECRET: 'a'.repeat(64), LOG_LEVEL: 'warn', NODE_ENV: 'production' });
    child.stdout.write('migrating\n{"event":"listen');
    child.stdout.write('ing","url":"http://127.0.0.1:53124"}\n');
    await expect(started).resolves.toBe('http://127.0.0.1:53124');
    expect(s.runningUrl).toBe('http://127.0.0.1:53124');
  });

  it('does not pass the parent environment through', async () => {
    process.env.DATABASE_URL = 'postgres://elsewhere/db';
    try {
      const started = store().start();
      expect(forkedProcesses[0]!.options.env).not.toHaveProperty('DATABASE_URL');
      forkedProcesses[0]!.stdout.write('{"event":"listening","url":"http://127.0.0.1:4000"}\n');
      await started;
    } finally {
      delete process.env.DATABASE_URL;
    }
  });

  it('stops the process on quit and waits for it', async () => {
    const s = store();
    const started = s.start();
    forkedProcesses[0]!.stdout.write('{"event":"listening","url":"http://127.0.0.1:4000"}\n');
    await started;
    await s.stop();
    expect(forkedProcesses[0]!.kill).toHaveBeenCalled();
    expect(s.runningUrl).toBeNull();
  });

  it('rejects when the process exits before listening', async () => {
    const started = store().start();
    forkedProcesses[0]!.emit('exit', 2);
    await expect(started).rejects.toThrow(/exited with code 2 before listening/);
  });

  it('rejects and kills it when it never listens (bounded wait)', async () => {
    const started = store({ startTimeoutMs: 50 }).start();
    await expect(started).rejects.toThrow(/did not start in time/);
    expect(forkedProcesses[0]!.kill).toHaveBeenCalled();
  });

  it('ignores a non-loopback URL printed by the child', async () => {
    const started = store({ startTimeoutMs: 100 }).start();
    forkedProcesses[0]!.stdout.write('{"event":"listening","url":"http://0.0.0.0:4000"}\n');
    await expect(started).rejects.toThrow(/did not start in time/);
  });

  it.each([
    ['{"event":"listening","url":"http://127.0.0.1:4100"}', 'http://127.0.0.1:4100'],
    ['{"event":"listening","url":"http://127.0.0.1:0"}', null],
    ['{"event":"listening","url":"http://127.0.0.1:99999"}', null],
    ['{"event":"listening","url":"https://evil.example"}', null],
    ['{"event":"listening","url":"http://127.0.0.1:4100/x"}', null],
    ['{"event":"other","url":"http://127.0.0.1:4100"}', null],
    ['not json', null],
    ['null', null],
  ])('listeningUrl(%s) = %s', (line, url) => {
    expect(listeningUrl(line)).toBe(url);
  });
});

describe('loadInstallationSecret', () => {
  it('makes a 256-bit secret once, owner-only, and keeps it; replaces a corrupt one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'desk-secret-'));
    try {
      const file = join(dir, 'record-store.secret');
      const first = await loadInstallationSecret(file);
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(await loadInstallationSecret(file)).toBe(first);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      await writeFile(file, 'short');
      const replaced = await loadInstallationSecret(file);
      expect(replaced).not.toBe(first);
      expect((await readFile(file, 'utf8')).trim()).toBe(replaced);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
