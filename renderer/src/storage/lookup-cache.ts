import { CacheKeyUnavailableError, type HostApi } from '@shared/host-api';
import { FreezeLookupResponseSchema, type FreezeLookupRequest, type FreezeLookupResponse } from '@shared/schemas/freeze';
import { asCryptoKey, openJson, sealJson } from './cache-cipher';
import type { DeskDb } from './db';

/**
 * Freeze look-up answers kept for offline use. Everything personal is sealed, including the
 * query itself (an ID number is personal data, and its hash could be brute-forced), so a
 * cached answer is found by opening the few live rows, never by an index on the query.
 */
export interface CachedLookupRow {
  id: string;
  /** Local clock when cached: the age the UI shows. */
  cachedAt: number;
  /** Purged after this (TTL). */
  expiresAt: number;
  iv: Uint8Array;
  data: ArrayBuffer;
}

/** A day: long enough for a shift, short enough to not become a second register. */
export const LOOKUP_CACHE_TTL_MS = 24 * 60 * 60 * 1000;
/** The cache never grows past this many answers; the oldest go first. */
export const LOOKUP_CACHE_MAX = 200;

export interface CachedLookup {
  response: FreezeLookupResponse;
  cachedAt: number;
}

interface SealedLookup {
  query: string;
  response: FreezeLookupResponse;
}

/**
 * The key for this cache, or null where the host says personal data cannot be kept encrypted
 * at rest (Electron on Linux without a keyring): then nothing is cached and the UI says so.
 */
export async function lookupCacheKey(host: Pick<HostApi, 'cacheProtection' | 'cacheKey'>): Promise<CryptoKey | null> {
  if ((await host.cacheProtection()).state === 'off') return null;
  try {
    return asCryptoKey(await host.cacheKey());
  } catch (error) {
    if (error instanceof CacheKeyUnavailableError) return null;
    throw error;
  }
}

/**
 * Stores an answer, replacing an older answer to the same query. With no key (caching is off
 * on this machine) nothing is written and the answer is false.
 */
export async function cacheLookup(db: DeskDb, key: CryptoKey | null, request: FreezeLookupRequest, response: FreezeLookupResponse, now = Date.now()): Promise<boolean> {
  if (!key) return false;
  const query = queryIdentity(request);
  const stale = await findRows(db, key, query, now);
  const box = await sealJson(key, { query, response } satisfies SealedLookup);
  await db.transaction('rw', db.freezeLookups, async () => {
    await db.freezeLookups.bulkDelete(stale.map((r) => r.row.id));
    await db.freezeLookups.add({ id: crypto.randomUUID(), cachedAt: now, expiresAt: now + LOOKUP_CACHE_TTL_MS, ...box });
    const count = await db.freezeLookups.count();
    if (count > LOOKUP_CACHE_MAX) {
      const oldest = await db.freezeLookups.orderBy('expiresAt').limit(count - LOOKUP_CACHE_MAX).primaryKeys();
      await db.freezeLookups.bulkDelete(oldest);
    }
  });
  return true;
}

/** The newest live cached answer to this query, or null. */
export async function findCachedLookup(db: DeskDb, key: CryptoKey | null, request: FreezeLookupRequest, now = Date.now()): Promise<CachedLookup | null> {
  if (!key) return null;
  const found = await findRows(db, key, queryIdentity(request), now);
  const newest = found.sort((a, b) => b.row.cachedAt - a.row.cachedAt)[0];
  return newest ? { response: newest.response, cachedAt: newest.row.cachedAt } : null;
}

/** Drops answers past their TTL. */
export async function purgeExpiredLookups(db: DeskDb, now = Date.now()): Promise<number> {
  return db.freezeLookups.where('expiresAt').belowOrEqual(now).delete();
}

/** Drops every cached answer (sign-out). */
export async function purgeLookupCache(db: DeskDb): Promise<void> {
  await db.freezeLookups.clear();
}

async function findRows(db: DeskDb, key: CryptoKey, query: string, now: number) {
  await purgeExpiredLookups(db, now);
  const rows = await db.freezeLookups.toArray();
  const matches: Array<{ row: CachedLookupRow; response: FreezeLookupResponse }> = [];
  for (const row of rows) {
    // A row sealed under another key (the key store was reset) can never be opened: skip it.
    const opened = (await openJson(key, row).catch(() => null)) as SealedLookup | null;
    if (opened?.query !== query) continue;
    const parsed = FreezeLookupResponseSchema.safeParse(opened.response);
    if (parsed.success) matches.push({ row, response: parsed.data });
  }
  return matches;
}

function queryIdentity(r: FreezeLookupRequest): string {
  return JSON.stringify([r.by, r.value, r.partialNumber ?? null]);
}
