import { describe, expect, it } from 'vitest';
import { openJson, sealJson } from '../storage/cache-cipher';
import { loadOrCreateCacheKey } from './cache-key-store';

describe('cache key store', () => {
  it('creates one non-extractable AES-GCM key and hands the same key back later', async () => {
    const [a, b] = await Promise.all([loadOrCreateCacheKey(), loadOrCreateCacheKey()]);
    const c = await loadOrCreateCacheKey();
    expect(a.extractable).toBe(false);
    expect(a.algorithm.name).toBe('AES-GCM');
    await expect(crypto.subtle.exportKey('raw', a)).rejects.toThrow();
    // Same key: what one sealed, the others open.
    const box = await sealJson(a, { holder: '张三' });
    expect(await openJson(b, box)).toEqual({ holder: '张三' });
    expect(await openJson(c, box)).toEqual({ holder: '张三' });
  });
});
