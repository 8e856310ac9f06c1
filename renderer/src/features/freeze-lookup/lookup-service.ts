import type { FreezeLookupRequest, FreezeLookupResponse, RevealRequest, RevealResponse } from '@shared/schemas/freeze';
import type { DeskDb } from '../../storage/db';
import { cacheLookup, findCachedLookup } from '../../storage/lookup-cache';
import { RecordStoreUnreachableError } from '../../sync/record-store-client';

/** The part of the record store client the look-up uses (a fake in tests). */
export interface FreezeApi {
  lookupFreeze(request: FreezeLookupRequest): Promise<FreezeLookupResponse>;
  revealFreezeField(recordId: string, request: RevealRequest): Promise<RevealResponse>;
}

export interface LookupDeps {
  api: FreezeApi;
  /** The user's local database; null before sign-in (no cache then). */
  db: DeskDb | null;
  /** The host's cache key (HostApi.cacheKey), already narrowed to a CryptoKey. */
  cacheKey: () => Promise<CryptoKey | null>;
  now?: () => number;
}

/** A fresh answer, an answer from the offline cache with its age, or nothing while offline. */
export type LookupOutcome =
  | { source: 'server'; response: FreezeLookupResponse; at: number }
  | { source: 'cache'; response: FreezeLookupResponse; cachedAt: number }
  | { source: 'offline' };

/**
 * Asks the record store; caches what it answers; falls back to the cache only when the store
 * is unreachable (an error answer such as 400 or 403 is shown, never papered over by old data).
 */
export async function runLookup(deps: LookupDeps, request: FreezeLookupRequest): Promise<LookupOutcome> {
  const now = deps.now ?? Date.now;
  try {
    const response = await deps.api.lookupFreeze(request);
    const at = now();
    if (deps.db) {
      const db = deps.db;
      // The answer is shown even if caching fails (quota, no key): caching is a convenience.
      await deps
        .cacheKey()
        .then((key) => cacheLookup(db, key, request, response, at))
        .catch((error: unknown) => console.warn('look-up not cached', error));
    }
    return { source: 'server', response, at };
  } catch (error) {
    if (!(error instanceof RecordStoreUnreachableError)) throw error;
    if (!deps.db) return { source: 'offline' };
    const cached = await findCachedLookup(deps.db, await deps.cacheKey(), request, now()).catch(() => null);
    return cached ? { source: 'cache', ...cached } : { source: 'offline' };
  }
}
