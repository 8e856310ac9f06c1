import type { WorkstationConfig } from '@shared/config';
import type { HostApi } from '@shared/host-api';
import type { CredentialKey, IpcEventChannel, JournalEntry, NotificationRequest } from '@shared/ipc/contract';
import { DEFAULT_DESKTOP_SETTINGS, type ShortcutStatus } from '@shared/ipc/desktop';
import { isAllowedExternalUrl } from '@shared/security/external-links';
import { loadOrCreateCacheKey } from './cache-key-store';
import { SESSION_SECRET_KEY_ID, sessionSecrets } from './session-secrets';
import { readWebConfig, writeWebConfig } from './web-config';

/**
 * Each user's journal under its own key. The single shared key of older builds
 * (`hotline-desk.journal`) is left as it is: its entries have no owner, so they are never
 * replayed into anyone's database (and never deleted).
 */
const journalKey = (owner: string): string => `hotline-desk.journal.${owner}`;

/**
 * The renderer in a plain browser: secrets live in session storage only (gone with the tab),
 * the journal in local storage (not fsync'd, so `durable` is false), no global shortcuts.
 */
export class WebHost implements HostApi {
  readonly kind = 'web' as const;

  async appInfo() {
    return { version: import.meta.env.VITE_APP_VERSION ?? 'dev', platform: navigator.platform || 'web', host: 'web' as const };
  }
  async getConfig(): Promise<WorkstationConfig> {
    return readWebConfig(location.search, localStorage);
  }
  async setConfig(config: WorkstationConfig): Promise<WorkstationConfig> {
    return writeWebConfig(config, localStorage);
  }
  /** The SIP password is sealed (session-secrets.ts): never plain in web storage, still there after a reload. */
  private readonly sealed = sessionSecrets(sessionStorage, () => loadOrCreateCacheKey(SESSION_SECRET_KEY_ID), 'hotline-desk.sealed.');
  readonly credentials = {
    get: async (key: CredentialKey) => (key === 'sip-password' ? this.sealed.get(key) : sessionStorage.getItem(`hotline-desk.secret.${key}`)),
    set: async (key: CredentialKey, value: string) => (key === 'sip-password' ? this.sealed.set(key, value) : sessionStorage.setItem(`hotline-desk.secret.${key}`, value)),
    delete: async (key: CredentialKey) => {
      if (key === 'sip-password') await this.sealed.delete(key);
      // Also an older build's plain copy.
      sessionStorage.removeItem(`hotline-desk.secret.${key}`);
    },
    backend: async () => 'browser-session' as const,
  };
  async notify(request: NotificationRequest): Promise<void> {
    if (typeof Notification === 'undefined') return;
    if (Notification.permission === 'default') await Notification.requestPermission();
    if (Notification.permission === 'granted') {
      const n = new Notification(request.title, { body: request.body, tag: request.tag, requireInteraction: request.urgent });
      n.onclick = () => window.focus();
    }
  }
  async focusWindow(): Promise<void> {
    window.focus();
  }
  async openExternal(url: string): Promise<void> {
    if (!isAllowedExternalUrl(url)) throw new Error('external-url-not-allowed');
    window.open(url, '_blank', 'noopener,noreferrer');
  }
  readonly journal = {
    durable: false,
    append: async (owner: string, entries: JournalEntry[]) => {
      const all = readJournal(owner);
      for (const e of entries) all[e.id] = e;
      localStorage.setItem(journalKey(owner), JSON.stringify(all));
    },
    replay: async (owner: string) => Object.values(readJournal(owner)),
    trim: async (owner: string, ids: string[]) => {
      const all = readJournal(owner);
      for (const id of ids) delete all[id];
      localStorage.setItem(journalKey(owner), JSON.stringify(all));
    },
  };
  /** A browser has no tray, global shortcuts or power control: reports are accepted and dropped. */
  readonly desktop = {
    getSettings: async () => DEFAULT_DESKTOP_SETTINGS,
    setSettings: async () => DEFAULT_DESKTOP_SETTINGS,
    shortcutStatus: async (): Promise<ShortcutStatus[]> => [],
    reportCallActivity: async () => undefined,
    reportAgentState: async () => undefined,
    setDialReady: async () => undefined,
    localize: () => undefined,
  };
  /** A browser always talks to a configured (central) record store. */
  readonly recordStore = {
    state: async () => ({ state: 'central' as const }),
    retry: async () => undefined,
    installationSecret: async () => null,
  };

  /** Non-extractable, kept in IndexedDB (`cache-key-store.ts`). */
  cacheKey(): Promise<CryptoKey> {
    return loadOrCreateCacheKey();
  }

  async cacheProtection() {
    return { state: 'protected' as const };
  }
  on(_channel: IpcEventChannel, _listener: (payload: never) => void): () => void {
    // A browser has no global shortcuts or OS links to deliver.
    return () => undefined;
  }
}

function readJournal(owner: string): Record<string, JournalEntry> {
  try {
    return JSON.parse(localStorage.getItem(journalKey(owner)) ?? '{}') as Record<string, JournalEntry>;
  } catch {
    return {};
  }
}
