import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RotatingLog } from './rotating-log';

let dir: string;

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'desk-log-')), 'logs');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

const fixedNow = () => new Date('2026-01-02T03:04:05.000Z');

describe('RotatingLog', () => {
  it('creates the folder and appends timestamped lines', async () => {
    const log = new RotatingLog(dir, { now: fixedNow });
    log.write('error', 'renderer gone');
    log.write('info', 'started');
    expect(await readFile(log.file, 'utf8')).toBe('2026-01-02T03:04:05.000Z ERROR renderer gone\n2026-01-02T03:04:05.000Z INFO started\n');
  });

  it('keeps each entry on one line', async () => {
    const log = new RotatingLog(dir, { now: fixedNow });
    log.write('warn', 'a\n2026-01-01T00:00:00.000Z ERROR forged');
    const lines = (await readFile(log.file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
  });

  it('rotates at the size cap and keeps at most maxFiles files', async () => {
    const log = new RotatingLog(dir, { maxBytes: 200, maxFiles: 3, now: fixedNow });
    for (let i = 0; i < 40; i++) log.write('info', `line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const f of files) expect((await readFile(join(dir, f))).length).toBeLessThanOrEqual(200);
    // The newest line is in main.log, older ones in .1 then .2.
    expect(await readFile(join(dir, 'main.log'), 'utf8')).toContain('line 039');
    const older = await readFile(join(dir, 'main.log.2'), 'utf8');
    expect(older).not.toContain('line 039');
  });

  it('never throws when the folder cannot be made', async () => {
    // A folder path below a regular file: mkdir fails with ENOTDIR.
    const blocker = join(dir, '..', 'a-file');
    await writeFile(blocker, 'x');
    const log = new RotatingLog(join(blocker, 'logs'));
    expect(() => log.write('error', 'x')).not.toThrow();
    expect(() => log.write('error', 'y')).not.toThrow();
  });

  it('tees console output into the file', async () => {
    const log = new RotatingLog(dir, { now: fixedNow });
    const target = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), log: vi.fn() };
    log.captureConsole(target);
    target.error('IPC failed', new Error('boom'));
    target.log({ a: 1 });
    const text = await readFile(log.file, 'utf8');
    expect(text).toMatch(/ERROR IPC failed Error: boom/);
    expect(text).toContain('INFO {"a":1}');
  });
});
