/**
 * Secrets a browser workstation keeps for the tab's session (the SIP password), sealed so
 * that web storage never holds them in plain text: AES-GCM with a non-extractable key kept
 * in IndexedDB (cache-key-store.ts); only the ciphertext goes to sessionStorage. It is gone
 * with the tab and survives a reload; a script reading storage, a storage dump or a
 * synced profile sees ciphertext only, and the key's bytes can never be read out.
 */

/** The IndexedDB key id of the session-secret key (apart from the offline-cache key). */
export const SESSION_SECRET_KEY_ID = 'session-secret-key-v1';
const VERSION = 'v1';

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Get/set/delete of sealed strings under `prefix + name` in `storage`. */
export interface SessionSecrets {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/**
 * Sealed secrets in `storage` (sessionStorage) with the key from `key()`. The name is bound
 * as associated data, so a sealed value moved to another name does not open. A value that
 * does not open (the key store was cleared, a tampered value) reads as absent: the user is asked again.
 */
export function sessionSecrets(storage: Storage, key: () => Promise<CryptoKey>, prefix: string): SessionSecrets {
  const aad = (name: string) => new TextEncoder().encode(`${prefix}${name}`);
  return {
    async get(name) {
      const stored = storage.getItem(prefix + name);
      if (!stored) return null;
      const [version, iv, data] = stored.split(':');
      if (version !== VERSION || !iv || !data) return null;
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv), additionalData: aad(name) }, await key(), fromBase64(data));
        return new TextDecoder().decode(plain);
      } catch {
        return null;
      }
    },
    async set(name, value) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(name) }, await key(), new TextEncoder().encode(value));
      storage.setItem(prefix + name, `${VERSION}:${toBase64(iv)}:${toBase64(new Uint8Array(sealed))}`);
    },
    async delete(name) {
      storage.removeItem(prefix + name);
    },
  };
}
