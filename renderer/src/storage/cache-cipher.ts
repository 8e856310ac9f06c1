/**
 * AES-GCM sealing of personal data kept in offline caches. A fresh 96-bit IV per record;
 * GCM's tag makes a tampered or wrong-key record fail to open instead of yielding garbage.
 */

export interface SealedBox {
  iv: Uint8Array;
  data: ArrayBuffer;
}

/** Encrypts a JSON value. */
export async function sealJson(key: CryptoKey, value: unknown): Promise<SealedBox> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
  return { iv, data };
}

/** Decrypts a sealed JSON value; throws when the key is wrong or the record was altered. */
export async function openJson(key: CryptoKey, box: SealedBox): Promise<unknown> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: box.iv as Uint8Array<ArrayBuffer> }, key, box.data);
  return JSON.parse(new TextDecoder().decode(plain)) as unknown;
}

/** Narrows the host's opaque cache key (shared/ has no DOM types) back to a CryptoKey. */
export function asCryptoKey(key: unknown): CryptoKey {
  if (!(key instanceof CryptoKey)) throw new Error('host cache key is not a CryptoKey');
  return key;
}
