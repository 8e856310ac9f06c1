import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FreezeLookupRequest } from '@shared/schemas/freeze';
import { freezeRecord, lookupResponse } from '../../../test/fakes/web/freeze-fixtures';
import { createCacheKey } from '../host/cache-key-store';
import { DeskDb } from './db';
import { CacheKeyUnavailableError } from '@shared/host-api';
import { MemoryHost } from '../host/memory-host';
import { LOOKUP_CACHE_MAX, LOOKUP_CACHE_TTL_MS, cacheLookup, findCachedLookup, lookupCacheKey, purgeLookupCache } from './lookup-cache';

const byId: FreezeLookupRequest = { by: 'idNumber', value: '11010519491231002X' };
const T0 = Date.UTC(2026, 10, 21, 12, 0);

describe('lookup cache', () => {
  let db: DeskDb;
  let key: CryptoKey;
  beforeEach(async () => {
    db = new DeskDb(`test-${crypto.randomUUID()}`);
    key = await createCacheKey();
  });
  afterEach(async () => {
    await db.delete();
  });

  it('finds a cached answer by its query, with its age', async () => {
    await cacheLookup(db, key, byId, lookupResponse([freezeRecord()]), T0);
    const hit = await findCachedLookup(db, key, byId, T0 + 60_000);
    expect(hit?.cachedAt).toBe(T0);
    expect(hit?.response.results[0]?.authority).toBe('深圳市公安局南山分局');
    expect(await findCachedLookup(db, key, { by: 'idNumber', value: '110105194912310021' }, T0)).toBeNull();
    expect(await findCachedLookup(db, key, { by: 'account', value: '11010519491231002X' }, T0)).toBeNull();
  });

  it('keeps nothing personal in the clear, not even the query', async () => {
    await cacheLookup(db, key, byId, lookupResponse([freezeRecord({ holderName: '张三丰', masked: false })]), T0);
    const rows = await db.freezeLookups.toArray();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0], (_k, v: unknown) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v instanceof Uint8Array ? [...v] : v));
    const bytes = new TextDecoder('utf-8', { fatal: false }).decode(rows[0]!.data);
    for (const secret of ['11010519491231002X', '张三丰', '南山分局']) {
      expect(stored).not.toContain(secret);
      expect(bytes).not.toContain(secret);
    }
  });

  it('cannot be opened with another key', async () => {
    await cacheLookup(db, key, byId, lookupResponse([freezeRecord()]), T0);
    expect(await findCachedLookup(db, await createCacheKey(), byId, T0)).toBeNull();
  });

  it('replaces an older answer to the same query and expires answers after the TTL', async () => {
    await cacheLookup(db, key, byId, lookupResponse([freezeRecord({ authority: '旧' })]), T0);
    await cacheLookup(db, key, byId, lookupResponse([freezeRecord({ authority: '新' })]), T0 + 1000);
    expect(await db.freezeLookups.count()).toBe(1);
    expect((await findCachedLookup(db, key, byId, T0 + 2000))?.response.results[0]?.authority).toBe('新');
    expect(await findCachedLookup(db, key, byId, T0 + 1000 + LOOKUP_CACHE_TTL_MS)).toBeNull();
    expect(await db.freezeLookups.count()).toBe(0);
  });

  it('stays bounded and is emptied on sign-out', async () => {
    for (let i = 0; i < LOOKUP_CACHE_MAX + 3; i++) await cacheLookup(db, key, { by: 'phone', value: `1380013${String(i).padStart(4, '0')}` }, lookupResponse([]), T0 + i);
    expect(await db.freezeLookups.count()).toBe(LOOKUP_CACHE_MAX);
    expect(await findCachedLookup(db, key, { by: 'phone', value: '13800130000' }, T0 + 500)).toBeNull(); // the oldest went first
    await purgeLookupCache(db);
    expect(await db.freezeLookups.count()).toBe(0);
  });
});

describe('lookup cache where the host says caching is off', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`test-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('gets no key from a degraded host and then stores nothing personal', async () => {
    const host = new MemoryHost();
    host.cacheOff = 'plaintext-backend';
    const key = await lookupCacheKey(host);
    expect(key).toBeNull();
    expect(await cacheLookup(db, key, byId, lookupResponse([freezeRecord()]), T0)).toBe(false);
    expect(await db.freezeLookups.count()).toBe(0);
    expect(await findCachedLookup(db, key, byId, T0)).toBeNull();
  });

  it('gets the host key and caches where the host protects it', async () => {
    const host = new MemoryHost();
    const key = await lookupCacheKey(host);
    expect(key).not.toBeNull();
    expect(await cacheLookup(db, key, byId, lookupResponse([freezeRecord()]), T0)).toBe(true);
    expect(await db.freezeLookups.count()).toBe(1);
    expect((await findCachedLookup(db, key, byId, T0))?.cachedAt).toBe(T0);
  });

  it('treats a host that refuses the key (said late) as off too', async () => {
    const host = new MemoryHost();
    const refusing = { cacheProtection: async () => ({ state: 'protected' as const }), cacheKey: () => Promise.reject(new CacheKeyUnavailableError('unavailable')) };
    expect(await lookupCacheKey(refusing)).toBeNull();
    const failing = { cacheProtection: () => host.cacheProtection(), cacheKey: () => Promise.reject(new Error('boom')) };
    await expect(lookupCacheKey(failing)).rejects.toThrow('boom');
  });
});
