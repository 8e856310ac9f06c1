import { describe, expect, it, vi } from 'vitest';
import { safeStorageCrypto } from './safe-storage-crypto';

describe('safeStorageCrypto', () => {
  it('maps the sync safeStorage calls onto the async shape', async () => {
    const storage = {
      isEncryptionAvailable: vi.fn(() => true),
      encryptString: vi.fn((plain: string) => Buffer.from(`x${plain}`)),
      decryptString: vi.fn((blob: Buffer) => blob.toString().slice(1)),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret' as const),
    };
    const crypto = safeStorageCrypto(storage);
    expect(await crypto.isAsyncEncryptionAvailable()).toBe(true);
    const blob = await crypto.encryptStringAsync('pw');
    expect(blob.toString()).toBe('xpw');
    expect(await crypto.decryptStringAsync(blob)).toEqual({ result: 'pw', shouldReEncrypt: false });
    expect(crypto.getSelectedStorageBackend()).toBe('gnome_libsecret');
  });

  it('reports no encryption when safeStorage has none', async () => {
    const crypto = safeStorageCrypto({
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
      getSelectedStorageBackend: () => 'unknown' as const,
    });
    expect(await crypto.isAsyncEncryptionAvailable()).toBe(false);
  });
});
