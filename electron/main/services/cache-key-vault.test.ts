import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CacheKeyReplySchema } from '@shared/ipc/record-store';
import { resetElectronFake, safeStorage } from '../../../test/fakes/node/electron';
import { CacheKeyVault } from './cache-key-vault';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

let dir: string;
let file: string;

beforeEach(async () => {
  resetElectronFake();
  dir = await mkdtemp(join(tmpdir(), 'cache-key-'));
  file = join(dir, 'cache-key.bin');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const keyOf = async (vault: CacheKeyVault) => {
  const reply = CacheKeyReplySchema.parse(await vault.keyOrReason());
  if (reply.state !== 'protected') throw new Error(`expected a key, got ${reply.reason}`);
  return Buffer.from(reply.key).toString('hex');
};

describe('CacheKeyVault', () => {
  it('makes 32 random bytes once, keeps them only as a safeStorage blob (owner-only), and reads the same key later', async () => {
    const first = await keyOf(new CacheKeyVault(file, safeStorage, 'linux'));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(first);
    expect(onDisk).not.toContain(Buffer.from(first, 'hex').toString('base64'));
    expect(Buffer.from(onDisk.trim(), 'base64').toString()).toMatch(/^enc:/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
    // A new process (new vault) decrypts the same key.
    expect(await keyOf(new CacheKeyVault(file, safeStorage, 'linux'))).toBe(first);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it('makes one key even when asked twice at once', async () => {
    const vault = new CacheKeyVault(file, safeStorage, 'win32');
    const [a, b] = await Promise.all([keyOf(vault), keyOf(vault)]);
    expect(a).toBe(b);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it.each(['basic_text', 'unknown'] as const)('refuses on Linux with the %s backend (plaintext fallback) and writes nothing', async (backend) => {
    safeStorage.selectedBackend = backend;
    const vault = new CacheKeyVault(file, safeStorage, 'linux');
    await expect(vault.keyOrReason()).resolves.toEqual({ state: 'off', reason: 'plaintext-backend' });
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('refuses when safeStorage has no encryption at all', async () => {
    safeStorage.available = false;
    await expect(new CacheKeyVault(file, safeStorage, 'darwin').keyOrReason()).resolves.toEqual({ state: 'off', reason: 'unavailable' });
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  it('starts a new key when the blob cannot be decrypted (keychain reset) or is corrupt', async () => {
    const first = await keyOf(new CacheKeyVault(file, safeStorage, 'linux'));
    await writeFile(file, Buffer.from('not-sealed').toString('base64'));
    const second = await keyOf(new CacheKeyVault(file, safeStorage, 'linux'));
    expect(second).not.toBe(first);
    expect(await keyOf(new CacheKeyVault(file, safeStorage, 'linux'))).toBe(second);
  });

  it('re-seals the key when the OS asks for it', async () => {
    const first = await keyOf(new CacheKeyVault(file, safeStorage, 'linux'));
    const decrypt = safeStorage.decryptStringAsync.getMockImplementation()!;
    safeStorage.decryptStringAsync.mockImplementationOnce(async (blob: Buffer) => ({ ...(await decrypt(blob)), shouldReEncrypt: true }));
    expect(await keyOf(new CacheKeyVault(file, safeStorage, 'linux'))).toBe(first);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(2);
  });

  it('hands the key to a page once; a reloaded page may ask again', async () => {
    const vault = new CacheKeyVault(file, safeStorage, 'linux');
    await expect(vault.takeForPage()).resolves.toMatchObject({ state: 'protected' });
    await expect(vault.takeForPage()).rejects.toMatchObject({ code: 'cache-key-taken' });
    vault.pageLoaded();
    await expect(vault.takeForPage()).resolves.toMatchObject({ state: 'protected' });
  });
});
