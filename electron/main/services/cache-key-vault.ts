import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CacheKeyReply } from '@shared/ipc/record-store';
import { HandlerError } from '../ipc/handler-error';
import { writeFileAtomic } from './atomic-write';
import type { CredentialCrypto } from './credentials';

/**
 * The key material of the renderer's offline caches (freeze look-ups hold personal data):
 * 32 random bytes, kept in userData only as a safeStorage blob, so the OS keychain guards it
 * at rest. The page gets the raw bytes once per page load and imports them as a
 * non-extractable AES-GCM key; a second request in the same page is refused, so script that
 * runs later in the page cannot read them back.
 *
 * Where safeStorage has no real encryption (Linux `basic_text`, or none at all) no key is
 * made and the page is told caching is off, with the reason.
 */
export class CacheKeyVault {
  private handedOut = false;
  private pending: Promise<CacheKeyReply> | null = null;

  constructor(
    private readonly filePath: string,
    private readonly crypto: CredentialCrypto,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** A new page (load or reload) may ask once more. */
  pageLoaded(): void {
    this.handedOut = false;
  }

  /** The key for the page, once; throws `cache-key-taken` on a second request before a reload. */
  async takeForPage(): Promise<CacheKeyReply> {
    if (this.handedOut) throw new HandlerError('cache-key-taken', 'The cache key was already handed to this page');
    this.handedOut = true;
    return this.keyOrReason();
  }

  /** Reads (or makes, once) the key; serialised so two calls cannot make two keys. */
  keyOrReason(): Promise<CacheKeyReply> {
    this.pending ??= this.load().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async load(): Promise<CacheKeyReply> {
    if (!(await this.crypto.isAsyncEncryptionAvailable())) return { state: 'off', reason: 'unavailable' };
    const backend = this.crypto.getSelectedStorageBackend();
    // 'unknown' is what Chromium reports before (or without) picking a Linux backend; treat it as no protection.
    if (this.platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) return { state: 'off', reason: 'plaintext-backend' };
    const existing = await this.read();
    if (existing) return { state: 'protected', key: existing };
    // Missing, corrupt, or sealed under a keychain key that is gone: cached rows under the old
    // key cannot be opened anyway (the cache skips them), so start a new key.
    const key = new Uint8Array(randomBytes(32));
    await this.write(key);
    return { state: 'protected', key };
  }

  private async read(): Promise<Uint8Array | null> {
    let blob: string;
    try {
      blob = (await readFile(this.filePath, 'utf8')).trim();
    } catch {
      return null;
    }
    try {
      const { result, shouldReEncrypt } = await this.crypto.decryptStringAsync(Buffer.from(blob, 'base64'));
      const key = new Uint8Array(Buffer.from(result, 'base64'));
      if (key.byteLength !== 32) return null;
      if (shouldReEncrypt) await this.write(key);
      return key;
    } catch {
      return null;
    }
  }

  private async write(key: Uint8Array): Promise<void> {
    const sealed = await this.crypto.encryptStringAsync(Buffer.from(key).toString('base64'));
    await writeFileAtomic(this.filePath, `${sealed.toString('base64')}\n`, { mode: 0o600 });
  }
}
