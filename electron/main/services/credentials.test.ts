import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetElectronFake, safeStorage } from '../../../test/fakes/node/electron';
import { CredentialStore } from './credentials';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

let dir: string;
let file: string;

beforeEach(async () => {
  resetElectronFake();
  dir = await mkdtemp(join(tmpdir(), 'credentials-'));
  file = join(dir, 'credentials.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CredentialStore', () => {
  it('reports os-keychain with a real keyring', async () => {
    await expect(new CredentialStore(file, safeStorage, 'linux').backend()).resolves.toBe('os-keychain');
    await expect(new CredentialStore(file, safeStorage, 'darwin').backend()).resolves.toBe('os-keychain');
    await expect(new CredentialStore(file, safeStorage, 'win32').backend()).resolves.toBe('os-keychain');
  });

  it('reports plaintext-fallback on Linux with the basic_text backend', async () => {
    safeStorage.selectedBackend = 'basic_text';
    await expect(new CredentialStore(file, safeStorage, 'linux').backend()).resolves.toBe('plaintext-fallback');
  });

  it('does not ask for the Linux-only backend on other platforms', async () => {
    safeStorage.selectedBackend = 'basic_text';
    await expect(new CredentialStore(file, safeStorage, 'win32').backend()).resolves.toBe('os-keychain');
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('round-trips a secret through the async safeStorage API, never storing plaintext', async () => {
    const store = new CredentialStore(file, safeStorage, 'linux');
    await store.set('sip-password', 's3cret-pw');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledWith('s3cret-pw');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('s3cret-pw');
    expect(JSON.parse(text)).toEqual({ version: 1, entries: { 'sip-password': expect.any(String) } });
    await expect(new CredentialStore(file, safeStorage, 'linux').get('sip-password')).resolves.toBe('s3cret-pw');
    expect(safeStorage.decryptStringAsync).toHaveBeenCalled();
  });

  it('still stores (and reports) with the plaintext fallback', async () => {
    safeStorage.selectedBackend = 'basic_text';
    const store = new CredentialStore(file, safeStorage, 'linux');
    await store.set('record-store-token', 'tok');
    await expect(store.get('record-store-token')).resolves.toBe('tok');
    await expect(store.backend()).resolves.toBe('plaintext-fallback');
  });

  it('writes the file owner-only', async () => {
    await new CredentialStore(file, safeStorage, 'linux').set('sip-password', 'x');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('keeps secrets in memory only when no encryption is available', async () => {
    safeStorage.available = false;
    const store = new CredentialStore(file, safeStorage, 'linux');
    await expect(store.backend()).resolves.toBe('memory');
    await store.set('sip-password', 'pw');
    await expect(store.get('sip-password')).resolves.toBe('pw');
    await expect(stat(file)).rejects.toThrow();
  });

  it('deletes', async () => {
    const store = new CredentialStore(file, safeStorage, 'linux');
    await store.set('sip-password', 'a');
    await store.set('record-store-token', 'b');
    await store.delete('sip-password');
    await expect(store.get('sip-password')).resolves.toBeNull();
    await expect(new CredentialStore(file, safeStorage, 'linux').get('record-store-token')).resolves.toBe('b');
  });

  it('returns null for missing, undecryptable or corrupt entries', async () => {
    const store = new CredentialStore(file, safeStorage, 'linux');
    await expect(store.get('sip-password')).resolves.toBeNull();
    await writeFile(file, JSON.stringify({ version: 1, entries: { 'sip-password': Buffer.from('garbage').toString('base64') } }));
    await expect(new CredentialStore(file, safeStorage, 'linux').get('sip-password')).resolves.toBeNull();
    await writeFile(file, '{not json');
    await expect(new CredentialStore(file, safeStorage, 'linux').get('sip-password')).resolves.toBeNull();
  });

  it('re-encrypts when safeStorage asks for it', async () => {
    const store = new CredentialStore(file, safeStorage, 'linux');
    await store.set('sip-password', 'pw');
    safeStorage.decryptStringAsync.mockResolvedValueOnce({ result: 'pw', shouldReEncrypt: true });
    safeStorage.encryptStringAsync.mockClear();
    await expect(store.get('sip-password')).resolves.toBe('pw');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledWith('pw');
  });

  it('refuses keys outside the contract', async () => {
    await expect(new CredentialStore(file, safeStorage, 'linux').set('__proto__' as never, 'x')).rejects.toThrow();
  });

  it('serialises concurrent writes', async () => {
    const store = new CredentialStore(file, safeStorage, 'linux');
    await Promise.all([store.set('sip-password', 'a'), store.set('record-store-token', 'b')]);
    const fresh = new CredentialStore(file, safeStorage, 'linux');
    await expect(fresh.get('sip-password')).resolves.toBe('a');
    await expect(fresh.get('record-store-token')).resolves.toBe('b');
  });
});
