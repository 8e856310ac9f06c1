import type { AppInfo } from '@shared/ipc/contract';
import type { SettingsStore } from '../services/settings';
import { handle } from './handle';

/** What the app channels need. */
export interface AppIpcDeps {
  settings: Pick<SettingsStore, 'get' | 'set'>;
  appInfo: () => AppInfo;
}

/** `app:info`, `config:get`, `config:set`. */
export function registerAppIpc(deps: AppIpcDeps): void {
  handle('app:info', () => deps.appInfo());
  handle('config:get', () => deps.settings.get());
  handle('config:set', (config) => deps.settings.set(config));
}
