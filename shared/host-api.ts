import type { WorkstationConfig } from './config';
import type {
  AppInfo,
  CredentialBackend,
  CredentialKey,
  IpcEventChannel,
  IpcEventPayload,
  JournalEntry,
  NotificationRequest,
} from './ipc/contract';
import type { CallActivity, DesktopSettings, DesktopTexts, ShortcutStatus, TrayAgentState } from './ipc/desktop';
import type { CacheOffReason, RecordStoreState } from './ipc/record-store';

/** Whether personal data may be cached offline on this machine, and if not, why. */
export type CacheProtection = { state: 'protected' } | { state: 'off'; reason: CacheOffReason };

/**
 * A WebCrypto `CryptoKey` as shared/ sees it (shared/ has no DOM types); the renderer
 * narrows it back with `instanceof CryptoKey`.
 */
export interface CacheKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: { readonly name: string };
  readonly usages: readonly string[];
}

/**
 * Everything the renderer needs from the machine it runs on. Three implementations live in
 * `renderer/src/host/`: `electron-host` (the preload's `window.desk`), `web-host` (plain
 * browser APIs) and `memory-host` (unit tests). Nothing outside `renderer/src/host/` knows
 * which one it has.
 */
export interface HostApi {
  readonly kind: AppInfo['host'];
  appInfo(): Promise<AppInfo>;
  getConfig(): Promise<WorkstationConfig>;
  setConfig(config: WorkstationConfig): Promise<WorkstationConfig>;
  credentials: {
    get(key: CredentialKey): Promise<string | null>;
    set(key: CredentialKey, value: string): Promise<void>;
    delete(key: CredentialKey): Promise<void>;
    /** Where secrets are kept; the UI shows `plaintext-fallback` as a degraded state. */
    backend(): Promise<CredentialBackend>;
  };
  notify(request: NotificationRequest): Promise<void>;
  focusWindow(): Promise<void>;
  /** Opens an allowlisted external URL; others are refused. */
  openExternal(url: string): Promise<void>;
  /**
   * The second, durable journal for unsynced note segments (an fsync'd file in Electron).
   * Hosts without one keep entries in memory or session storage and say so via `durable`.
   * Every call names its `owner` (the signed-in user's id): each user has a journal of their
   * own, so nothing of one agent is ever replayed into another's database.
   */
  journal: {
    readonly durable: boolean;
    append(owner: string, entries: JournalEntry[]): Promise<void>;
    replay(owner: string): Promise<JournalEntry[]>;
    trim(owner: string, ids: string[]): Promise<void>;
  };
  /**
   * The desktop shell (tray, global shortcuts, power, window attention). Hosts without one
   * accept the reports and do nothing; their settings are the defaults, shortcuts `off`.
   */
  desktop: {
    getSettings(): Promise<DesktopSettings>;
    setSettings(settings: DesktopSettings): Promise<DesktopSettings>;
    shortcutStatus(): Promise<ShortcutStatus[]>;
    /** Called on every call change: live count (power-save blocker) and the call ringing in (attention). */
    reportCallActivity(activity: CallActivity): Promise<void>;
    /** The agent's availability, shown in the tray. */
    reportAgentState(state: TrayAgentState): Promise<void>;
    /** Whether this page dials `event:dial` links now (signed in); links from other programs wait until it does. */
    setDialReady(ready: boolean): Promise<void>;
    /**
     * The page's translations for what the host shows on its behalf (the incoming-call
     * notification); sent again on every language change. Until then main uses its fallback.
     */
    localize(texts: DesktopTexts): void;
  };
  /**
   * The record store as the host runs it: `central` (configured URL, nothing to wait for) or
   * an embedded store that is `starting`, `ready` or `failed` (followed by `event:record-store`).
   */
  recordStore: {
    state(): Promise<RecordStoreState>;
    /** Starts a failed embedded store again. */
    retry(): Promise<void>;
    /** The per-installation secret for `url`: only an embedded store's own URL has one, else null. */
    installationSecret(url: string): Promise<string | null>;
  };
  /**
   * The AES-GCM key that encrypts personal data in offline caches (freeze look-ups). It never
   * leaves the host readable: web and memory hosts create it non-extractable, Electron imports
   * bytes kept under the OS keychain as non-extractable. Rejects with `CacheKeyUnavailableError`
   * where caching is off (see `cacheProtection`).
   */
  cacheKey(): Promise<CacheKey>;
  /** Off where the machine cannot keep the key encrypted at rest (Linux without a keyring). */
  cacheProtection(): Promise<CacheProtection>;
  /** Subscribes to a host event; returns the unsubscribe function. */
  on<C extends IpcEventChannel>(channel: C, listener: (payload: IpcEventPayload<C>) => void): () => void;
}

/** Thrown by `HostApi.cacheKey` where offline caching of personal data is off. */
export class CacheKeyUnavailableError extends Error {
  readonly code = 'cache-disabled';
  constructor(readonly reason: CacheOffReason) {
    super(`offline cache is off: ${reason}`);
    this.name = 'CacheKeyUnavailableError';
  }
}
