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
   */
  journal: {
    readonly durable: boolean;
    append(entries: JournalEntry[]): Promise<void>;
    replay(): Promise<JournalEntry[]>;
    trim(ids: string[]): Promise<void>;
  };
  /** Subscribes to a host event; returns the unsubscribe function. */
  on<C extends IpcEventChannel>(channel: C, listener: (payload: IpcEventPayload<C>) => void): () => void;
}
