/**
 * The key that encrypts personal data in the workstation's offline caches (freeze look-ups),
 * for hosts without an OS keychain: an AES-GCM key created non-extractable, so script on the
 * page can use it but never read its bytes, kept in its own IndexedDB database (a
 * `CryptoKey` survives structured cloning into IndexedDB as an opaque handle).
 */

const DB_NAME = 'hotline-desk-keys';
const STORE = 'keys';
const KEY_ID = 'cache-key-v1';

/** A fresh non-extractable AES-GCM-256 key. */
export function createCacheKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Raw key bytes (from Electron main) as a non-extractable AES-GCM key. */
export function importCacheKey(bytes: Uint8Array): Promise<CryptoKey> {
  if (bytes.byteLength !== 32) throw new Error('cache key must be 32 bytes');
  return crypto.subtle.importKey('raw', bytes as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/**
 * The machine's cache key from IndexedDB, created on first use. `keyId` names another key in
 * the same store (the web host's session-secret key), so one purpose never shares a key with another.
 */
export async function loadOrCreateCacheKey(keyId: string = KEY_ID): Promise<CryptoKey> {
  const db = await open();
  try {
    const existing = await request<unknown>(db.transaction(STORE).objectStore(STORE).get(keyId));
    if (existing instanceof CryptoKey) return existing;
    const key = await createCacheKey();
    // `add`, not `put`: if another window created one meanwhile, keep theirs and use it.
    const added = await request(db.transaction(STORE, 'readwrite').objectStore(STORE).add(key, keyId)).then(
      () => true,
      () => false,
    );
    if (added) return key;
    const winner = await request<unknown>(db.transaction(STORE).objectStore(STORE).get(keyId));
    if (winner instanceof CryptoKey) return winner;
    throw new Error('cache key store unreadable');
  } finally {
    db.close();
  }
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB open failed'));
  });
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = (event) => {
      // Handled here; don't let the failed add abort-bubble into an unhandled error.
      event.preventDefault();
      reject(req.error ?? new Error('indexedDB request failed'));
    };
  });
}
