import type { WorkstationConfig } from '@shared/config';
import { CacheKeyUnavailableError, type CacheProtection, type HostApi } from '@shared/host-api';
import type { DeskBridge } from '@shared/ipc/desk-bridge';
import type { CredentialKey, IpcEventChannel, IpcEventPayload, JournalEntry, NotificationRequest } from '@shared/ipc/contract';
import type { CallActivity, DesktopSettings, DesktopTexts, TrayAgentState } from '@shared/ipc/desktop';
import { withNotificationText } from './notification-text';
import { unwrap } from '@shared/ipc/envelope';
import { importCacheKey } from './cache-key-store';

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
    append: async (owner: string, entries: JournalEntry[]) => unwrap(await this.desk.journalAppend(owner, entries)),
    replay: async (owner: string) => unwrap(await this.desk.journalReplay(owner)),
    trim: async (owner: string, ids: string[]) => unwrap(await this.desk.journalTrim(owner, ids)),
  };
  readonly desktop = {
    getSettings: async () => unwrap(await this.desk.getDesktopSettings()),
    setSettings: async (settings: DesktopSettings) => unwrap(await this.desk.setDesktopSettings(settings)),
    shortcutStatus: async () => unwrap(await this.desk.shortcutStatus()),
    reportCallActivity: async (activity: CallActivity) => unwrap(await this.desk.reportCallActivity(withNotificationText(activity, this.texts))),
    reportAgentState: async (state: TrayAgentState) => unwrap(await this.desk.reportAgentState(state)),
    setDialReady: async (ready: boolean) => unwrap(await this.desk.dialReady(ready)),
    localize: (texts: DesktopTexts) => void (this.texts = texts),
  };

  private texts: DesktopTexts | null = null;
  readonly recordStore = {
    state: async () => unwrap(await this.desk.recordStoreState()),
    retry: async () => unwrap(await this.desk.recordStoreRetry()),
    installationSecret: async (url: string) => unwrap(await this.desk.recordStoreSecret(url)),
  };

  private cacheKeyPromise: Promise<CryptoKey | CacheKeyUnavailableError> | null = null;

  /**
   * Main keeps the key bytes under safeStorage and hands them over once per page load: they
   * are imported non-extractable at once and the copy is wiped, so only the opaque key stays.
   */
  async cacheKey(): Promise<CryptoKey> {
    this.cacheKeyPromise ??= this.fetchCacheKey();
    const key = await this.cacheKeyPromise;
    if (key instanceof CacheKeyUnavailableError) throw key;
    return key;
  }

  async cacheProtection(): Promise<CacheProtection> {
    try {
      await this.cacheKey();
      return { state: 'protected' };
    } catch (error) {
      return error instanceof CacheKeyUnavailableError ? { state: 'off', reason: error.reason } : { state: 'off', reason: 'unavailable' };
    }
  }

  private async fetchCacheKey(): Promise<CryptoKey | CacheKeyUnavailableError> {
    try {
      const reply = unwrap(await this.desk.cacheKey());
      if (reply.state === 'off') return new CacheKeyUnavailableError(reply.reason);
      try {
        return await importCacheKey(reply.key);
      } finally {
        reply.key.fill(0);
      }
    } catch (error) {
      // Main could not read or make it (e.g. a full disk): no cache this session, never a plaintext one.
      console.warn('cache key unavailable', error);
      return new CacheKeyUnavailableError('unavailable');
    }
  }
  on<C extends IpcEventChannel>(channel: C, listener: (payload: IpcEventPayload<C>) => void): () => void {
    return this.desk.on(channel, listener);
  }
}
