import { numberSpellings } from '@shared/phone/number-spellings';
import type { FreezeRecordView } from '@shared/schemas/freeze';
import type { ScreenPopResponse } from '@shared/schemas/history';
import type { DeskDb } from '../../storage/db';
import { cacheLookup, findCachedLookup } from '../../storage/lookup-cache';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';

/** The part of the record store client the screen-pop uses (a fake in tests). */
export interface ScreenPopApi {
  screenPop(number: string): Promise<ScreenPopResponse>;
}

export interface ScreenPopLinksDeps {
  api: ScreenPopApi;
  /** The user's local database (offline cache of freeze look-ups); null before sign-in. */
  db: DeskDb | null;
  /** The host's cache key, narrowed to a CryptoKey. */
  cacheKey: () => Promise<CryptoKey | null>;
}

/** What the pop shows about the record store's linked records. */
export type LinksOutcome =
  | { kind: 'loading' }
  /** No number to look up (anonymous, or not a number). */
  | { kind: 'none' }
  | { kind: 'server'; response: ScreenPopResponse }
  /** The record store is unreachable; cached freeze look-ups of the number, if any. */
  | { kind: 'offline'; cached: { freezes: FreezeRecordView[]; cachedAt: number } | null; checkedAt: number }
  | { kind: 'error'; code: string };

/** The caller's number as the endpoint takes it, or null when there is none worth asking about. */
export function linkableNumber(remoteNumber: string): string | null {
  const compact = remoteNumber.replace(/[\s\-()]/g, '');
  return /^\+?[0-9]{3,32}$/.test(compact) ? compact : null;
}

/** The newest cached phone look-up of any spelling of the number. */
async function cachedFreezes(deps: ScreenPopLinksDeps, number: string) {
  if (!deps.db) return null;
  const db = deps.db;
  try {
    const key = await deps.cacheKey();
    let best: { freezes: FreezeRecordView[]; cachedAt: number } | null = null;
    for (const value of numberSpellings(number)) {
      const found = await findCachedLookup(db, key, { by: 'phone', value });
      if (found && (!best || found.cachedAt > best.cachedAt)) best = { freezes: found.response.results, cachedAt: found.cachedAt };
    }
    return best;
  } catch {
    return null;
  }
}

/**
 * Asks the record store for the number's linked records. The freeze part of a fresh answer is
 * kept as a phone look-up in the sealed offline cache, so the next call from the number (or a
 * look-up of it) still has it while the store is unreachable.
 */
export async function loadScreenPopLinks(deps: ScreenPopLinksDeps, remoteNumber: string): Promise<LinksOutcome> {
  const number = linkableNumber(remoteNumber);
  if (!number) return { kind: 'none' };
  try {
    const response = await deps.api.screenPop(number);
    if (deps.db && response.freezes.length > 0) {
      const db = deps.db;
      await deps
        .cacheKey()
        .then((key) => cacheLookup(db, key, { by: 'phone', value: number }, { results: response.freezes, at: response.at, truncated: response.freezesTruncated }))
        .catch((error: unknown) => console.warn('screen-pop freezes not cached', error));
    }
    return { kind: 'server', response };
  } catch (error) {
    if (error instanceof RecordStoreUnreachableError) return { kind: 'offline', cached: await cachedFreezes(deps, number), checkedAt: Date.now() };
    return { kind: 'error', code: error instanceof RecordStoreHttpError ? error.code : 'unknown' };
  }
}
