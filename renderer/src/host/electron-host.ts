import type { WorkstationConfig } from '@shared/config';
import type { HostApi } from '@shared/host-api';
import type { DeskBridge } from '@shared/ipc/desk-bridge';
import type { CredentialKey, IpcEventChannel, IpcEventPayload, JournalEntry, NotificationRequest } from '@shared/ipc/contract';
import type { CallActivity, DesktopSettings, TrayAgentState } from '@shared/ipc/desktop';
import { unwrap } from '@shared/ipc/envelope';
import { loadOrCreateCacheKey } from './cache-key-store';

/**
 * The renderer inside Electron: every call goes through the preload's `window.desk`
 * (named functions only) and its `{result, error}` envelope is unwrapped here, so an error
 * in main surfaces as an `IpcCallError` with a stable code.
 */
export class ElectronHost implements HostApi {
  readonly kind = 'electron' as const;

  constructor(private readonly desk: DeskBridge) {}

  async appInfo() {
    return unwrap(await this.desk.appInfo());
  }
  async getConfig(): Promise<WorkstationConfig> {
    return unwrap(await this.desk.getConfig());
  }
  async setConfig(config: WorkstationConfig): Promise<WorkstationConfig> {
    return unwrap(await this.desk.setConfig(config));
  }
  readonly credentials = {
    get: async (key: CredentialKey) => unwrap(await this.desk.credentialGet(key)),
    set: async (key: CredentialKey, value: string) => unwrap(await this.desk.credentialSet(key, value)),
    delete: async (key: CredentialKey) => unwrap(await this.desk.credentialDelete(key)),
    backend: async () => unwrap(await this.desk.credentialBackend()),
  };
  async notify(request: NotificationRequest): Promise<void> {
    unwrap(await this.desk.notify(request));
  }
  async focusWindow(): Promise<void> {
    unwrap(await this.desk.focusWindow());
  }
  async openExternal(url: string): Promise<void> {
    unwrap(await this.desk.openExternal(url));
  }
  readonly journal = {
    durable: true,
    append: async (entries: JournalEntry[]) => unwrap(await this.desk.journalAppend(entries)),
    replay: async () => unwrap(await this.desk.journalReplay()),
    trim: async (ids: string[]) => unwrap(await this.desk.journalTrim(ids)),
  };
  readonly desktop = {
    getSettings: async () => unwrap(await this.desk.getDesktopSettings()),
    setSettings: async (settings: DesktopSettings) => unwrap(await this.desk.setDesktopSettings(settings)),
    shortcutStatus: async () => unwrap(await this.desk.shortcutStatus()),
    reportCallActivity: async (activity: CallActivity) => unwrap(await this.desk.reportCallActivity(activity)),
    reportAgentState: async (state: TrayAgentState) => unwrap(await this.desk.reportAgentState(state)),
    setDialReady: async (ready: boolean) => unwrap(await this.desk.dialReady(ready)),
  };
  // TODO(electron): derive this key from safeStorage in main (e.g. a `cacheKeyGet` IPC returning
  // raw bytes, imported here non-extractable); until then it is the web host's IndexedDB key.
  cacheKey(): Promise<CryptoKey> {
    return loadOrCreateCacheKey();
  }
  on<C extends IpcEventChannel>(channel: C, listener: (payload: IpcEventPayload<C>) => void): () => void {
    return this.desk.on(channel, listener);
  }
}
