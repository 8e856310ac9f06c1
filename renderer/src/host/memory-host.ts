import { DEFAULT_CONFIG, type WorkstationConfig } from '@shared/config';
import { CacheKeyUnavailableError, type CacheProtection, type HostApi } from '@shared/host-api';
import type { RecordStoreState } from '@shared/ipc/record-store';
import { DEFAULT_DESKTOP_SETTINGS, type CallActivity, type DesktopSettings, type DesktopTexts, type ShortcutStatus, type TrayAgentState } from '@shared/ipc/desktop';
import type { CredentialKey, IpcEventChannel, IpcEventPayload, JournalEntry, NotificationRequest } from '@shared/ipc/contract';
import { createCacheKey } from './cache-key-store';
import { withNotificationText } from './notification-text';

/** A host for unit tests: everything in memory, with hooks to fire host events and read what was asked of it. */
export class MemoryHost implements HostApi {
  readonly kind = 'memory' as const;
  readonly notifications: NotificationRequest[] = [];
  readonly opened: string[] = [];
  focusCount = 0;
  /** Every call-activity and agent-state report, in order. */
  readonly callActivity: CallActivity[] = [];
  readonly agentStates: TrayAgentState[] = [];
  private desktopSettings: DesktopSettings = DEFAULT_DESKTOP_SETTINGS;
  /** What the page last told the host about taking dial links. */
  dialReady = false;
  private config: WorkstationConfig;
  private readonly secrets = new Map<CredentialKey, string>();
  /** One journal per user (owner id → entries by id), like the real hosts keep them. */
  private readonly journals = new Map<string, Map<string, JournalEntry>>();
  private journalOf(owner: string): Map<string, JournalEntry> {
    let entries = this.journals.get(owner);
    if (!entries) this.journals.set(owner, (entries = new Map()));
    return entries;
  }
  private readonly listeners = new Map<IpcEventChannel, Set<(payload: never) => void>>();

  constructor(config: Partial<WorkstationConfig> = {}) {
    this.config = { ...DEFAULT_CONFIG, ...config };
  }

  async appInfo() {
    return { version: '0.0.0-test', platform: 'memory', host: 'memory' as const };
  }
  async getConfig() {
    return this.config;
  }
  async setConfig(config: WorkstationConfig) {
    this.config = config;
    return config;
  }
  readonly credentials = {
    get: async (key: CredentialKey) => this.secrets.get(key) ?? null,
    set: async (key: CredentialKey, value: string) => void this.secrets.set(key, value),
    delete: async (key: CredentialKey) => void this.secrets.delete(key),
    backend: async () => 'memory' as const,
  };
  async notify(request: NotificationRequest) {
    this.notifications.push(request);
  }
  async focusWindow() {
    this.focusCount++;
  }
  async openExternal(url: string) {
    this.opened.push(url);
  }
  readonly journal = {
    durable: false,
    append: async (owner: string, entries: JournalEntry[]) => entries.forEach((e) => this.journalOf(owner).set(e.id, e)),
    replay: async (owner: string) => [...this.journalOf(owner).values()],
    trim: async (owner: string, ids: string[]) => ids.forEach((id) => this.journalOf(owner).delete(id)),
  };
  readonly desktop = {
    getSettings: async () => this.desktopSettings,
    setSettings: async (settings: DesktopSettings) => (this.desktopSettings = settings),
    shortcutStatus: async (): Promise<ShortcutStatus[]> => [],
    reportCallActivity: async (activity: CallActivity) => void this.callActivity.push(withNotificationText(activity, this.texts)),
    reportAgentState: async (state: TrayAgentState) => void this.agentStates.push(state),
    setDialReady: async (ready: boolean) => void (this.dialReady = ready),
    localize: (texts: DesktopTexts) => void (this.texts = texts),
  };
  /** The last translations the page gave the host. */
  texts: DesktopTexts | null = null;
  /** Test hooks: the record store's state (emit `event:record-store` to change it live) and the secret per URL. */
  recordStoreState: RecordStoreState = { state: 'central' };
  readonly installationSecrets = new Map<string, string>();
  retries = 0;
  readonly recordStore = {
    state: async () => this.recordStoreState,
    retry: async () => void this.retries++,
    installationSecret: async (url: string) => this.installationSecrets.get(url) ?? null,
  };

  /** Test hook: set to a reason to act like a machine where offline caching is off. */
  cacheOff: CacheKeyUnavailableError['reason'] | null = null;
  private cacheKeyPromise: Promise<CryptoKey> | null = null;
  /** One non-extractable key per host instance, in memory only. */
  cacheKey(): Promise<CryptoKey> {
    if (this.cacheOff) return Promise.reject(new CacheKeyUnavailableError(this.cacheOff));
    return (this.cacheKeyPromise ??= createCacheKey());
  }
  async cacheProtection(): Promise<CacheProtection> {
    return this.cacheOff ? { state: 'off', reason: this.cacheOff } : { state: 'protected' };
  }
  on<C extends IpcEventChannel>(channel: C, listener: (payload: IpcEventPayload<C>) => void): () => void {
    const set = this.listeners.get(channel) ?? new Set();
    this.listeners.set(channel, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }
  /** Test hook: delivers a host event as main would. */
  emit<C extends IpcEventChannel>(channel: C, payload: IpcEventPayload<C>): void {
    for (const l of this.listeners.get(channel) ?? []) (l as (p: IpcEventPayload<C>) => void)(payload);
  }
}
