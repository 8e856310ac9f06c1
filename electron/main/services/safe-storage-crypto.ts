import type { SafeStorage } from 'electron';

/**
 * The asynchronous `safeStorage` shape the credential store and the cache-key vault use.
 * Electron 41.7 (the newest whose npm package installs cleanly on Node 20, see the README)
 * has only the synchronous calls; this keeps our stores on the async shape so moving to a
 * newer Electron changes one adapter, not every caller.
 */
export interface CredentialCrypto {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plain: string): Promise<Buffer>;
  decryptStringAsync(blob: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
}

/** Adapts Electron's `safeStorage` (sync API) to {@link CredentialCrypto}. */
export function safeStorageCrypto(
  storage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>,
): CredentialCrypto {
  return {
    isAsyncEncryptionAvailable: async () => storage.isEncryptionAvailable(),
    encryptStringAsync: async (plain) => storage.encryptString(plain),
    // The sync API re-encrypts under a rotated key transparently, so nothing to rewrite.
    decryptStringAsync: async (blob) => ({ result: storage.decryptString(blob), shouldReEncrypt: false }),
    getSelectedStorageBackend: () => storage.getSelectedStorageBackend(),
  };
}
