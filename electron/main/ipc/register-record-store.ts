import type { CacheKeyReply, RecordStoreState } from '@shared/ipc/record-store';
import { handle } from './handle';

/** What the record-store and cache-key channels reach. */
export interface RecordStoreIpcDeps {
  recordStore: {
    readonly state: RecordStoreState;
    retry(): Promise<void>;
    secretFor(url: string): string | null;
  };
  cacheKey: { takeForPage(): Promise<CacheKeyReply> };
}

/** `record-store:state`, `record-store:retry`, `record-store:secret`, `cache-key:get`. */
export function registerRecordStoreIpc(deps: RecordStoreIpcDeps): void {
  handle('record-store:state', () => deps.recordStore.state);
  // Not awaited to the end: the page follows the start through `event:record-store`.
  handle('record-store:retry', () => void deps.recordStore.retry());
  handle('record-store:secret', (url) => deps.recordStore.secretFor(url));
  handle('cache-key:get', () => deps.cacheKey.takeForPage());
}
