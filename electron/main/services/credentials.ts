import { readFile } from 'node:fs/promises';
import { CredentialKeySchema } from '@shared/ipc/contract';
import type { CredentialBackend, CredentialKey } from '@shared/ipc/contract';
import { writeFileAtomic } from './atomic-write';
import type { CredentialCrypto } from './safe-storage-crypto';

export type { CredentialCrypto } from './safe-storage-crypto';

/**
 * Secrets (record store token, SIP password) encrypted with Electron's `safeStorage` (through
 * the async adapter in safe-storage-crypto.ts) and kept as base64 blobs in a
 * JSON file in userData. On Linux without a keyring Chromium falls back to a hard-coded
 * key (`basic_text`): the blobs are then effectively plaintext, and the backend says so.
 * Without any encryption the secrets live in memory only, for this session.
 */

interface CredentialFile {
  version: 1;
  entries: Partial<Record<CredentialKey, string>>;
}

/** The credential store behind the `credential:*` channels. */
export class CredentialStore {
  private cache: CredentialFile | null = null;
  private readonly memory = new Map<CredentialKey, string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly filePath: string,
    private readonly crypto: CredentialCrypto,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Where secrets end up; the UI shows `plaintext-fallback` and `memory` as degraded. */
  async backend(): Promise<CredentialBackend> {
    if (!(await this.crypto.isAsyncEncryptionAvailable())) return 'memory';
    if (this.platform === 'linux' && this.crypto.getSelectedStorageBackend() === 'basic_text') return 'plaintext-fallback';
    return 'os-keychain';
  }

  /** The stored secret, or null when absent or no longer decryptable (e.g. keyring reset). */
  async get(key: CredentialKey): Promise<string | null> {
    CredentialKeySchema.parse(key);
    if ((await this.backend()) === 'memory') return this.memory.get(key) ?? null;
    const blob = (await this.read()).entries[key];
    if (blob === undefined) return null;
    try {
      const { result, shouldReEncrypt } = await this.crypto.decryptStringAsync(Buffer.from(blob, 'base64'));
      // A rotated key: store the secret again under the current one.
      if (shouldReEncrypt) await this.set(key, result);
      return result;
    } catch {
      return null;
    }
  }

  /** Encrypts and persists a secret. */
  async set(key: CredentialKey, value: string): Promise<void> {
    CredentialKeySchema.parse(key);
    if ((await this.backend()) === 'memory') {
      this.memory.set(key, value);
      return;
    }
    const blob = (await this.crypto.encryptStringAsync(value)).toString('base64');
    await this.mutate((file) => {
      file.entries[key] = blob;
    });
  }

  /** Forgets a secret (in memory and on disk). */
  async delete(key: CredentialKey): Promise<void> {
    CredentialKeySchema.parse(key);
    this.memory.delete(key);
    await this.mutate((file) => {
      delete file.entries[key];
    });
  }

  private async read(): Promise<CredentialFile> {
    if (this.cache) return this.cache;
    let file: CredentialFile = { version: 1, entries: {} };
    try {
      const json = JSON.parse(await readFile(this.filePath, 'utf8')) as unknown;
      if (isCredentialFile(json)) file = json;
    } catch {
      // Missing or unreadable: start empty (secrets are re-entered at sign-in).
    }
    this.cache = file;
    return file;
  }

  /** Serialises writes so two quick `set`s cannot interleave their read-modify-write. */
  private mutate(change: (file: CredentialFile) => void): Promise<void> {
    const run = this.queue.then(async () => {
      const file = structuredClone(await this.read());
      change(file);
      await writeFileAtomic(this.filePath, JSON.stringify(file), { mode: 0o600 });
      this.cache = file;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function isCredentialFile(value: unknown): value is CredentialFile {
  if (typeof value !== 'object' || value === null) return false;
  const { version, entries } = value as { version?: unknown; entries?: unknown };
  if (version !== 1 || typeof entries !== 'object' || entries === null) return false;
  return Object.entries(entries).every(([key, blob]) => CredentialKeySchema.safeParse(key).success && typeof blob === 'string');
}
