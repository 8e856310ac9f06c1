import type { AppInfo } from '@shared/ipc/contract';
import type { SettingsStore } from '../services/settings';
import { configForPage, configForStorage } from '../services/record-store-mode';
import { handle } from './handle';

/** What the app channels need. */
export interface AppIpcDeps {
  settings: Pick<SettingsStore, 'get' | 'set'>;
  appInfo: () => AppInfo;
  /** The embedded record store's URL while it runs (it replaces the default URL for the page). */
  embeddedRecordStoreUrl?: () => string | null;
}

/** `app:info`, `config:get`, `config:set`. */
export function registerAppIpc(deps: AppIpcDeps): void {
  const embedded = (): string | null => deps.embeddedRecordStoreUrl?.() ?? null;
  handle('app:info', () => deps.appInfo());
  handle('config:get', () => configForPage(deps.settings.get(), embedded()));
  handle('config:set', async (config) => configForPage(await deps.settings.set(configForStorage(config, embedded())), embedded()));
}
