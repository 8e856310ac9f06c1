import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A small stand-in for the `electron` module, for main and preload unit tests:
 *
 *     vi.mock('electron', () => import('../../../test/fakes/node/electron'));
 *
 * Each fake records what the code under test did (handlers registered, windows created,
 * objects exposed) so tests can assert on it. `resetElectronFake()` clears the records.
 */

/** `app`: not packaged, rooted at `/fake/app`, and an event emitter. */
export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getAppPath: vi.fn(() => '/fake/app'),
  getPath: vi.fn((name: string) => `/fake/${name}`),
  getVersion: vi.fn(() => '0.0.0-test'),
  enableSandbox: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  quit: vi.fn(),
  exit: vi.fn(),
  isReady: vi.fn(() => false),
  whenReady: vi.fn(() => new Promise<void>(() => {})),
});

/** Objects the preload exposed, by global name. */
export const exposed: Record<string, unknown> = {};

export const contextBridge = {
  exposeInMainWorld: vi.fn((name: string, api: unknown) => {
    exposed[name] = api;
  }),
};

/** `ipcRenderer`: an emitter whose `invoke` resolves to `{ result: [channel, ...args] }`. */
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ result: [channel, ...args] })),
  send: vi.fn(),
  sendSync: vi.fn(),
});

/** Handlers registered through `ipcMain.handle`, by channel. */
export const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();

export const ipcMain = {
  handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  }),
};

/** Every BrowserWindow constructed, with its options. */
export const createdWindows: FakeBrowserWindow[] = [];

export class FakeBrowserWindow extends EventEmitter {
  static getAllWindows = vi.fn(() => createdWindows);
  readonly webContents = Object.assign(new EventEmitter(), { send: vi.fn(), isDestroyed: () => false });
  minimized = false;
  visible = false;
  show = vi.fn(() => {
    this.visible = true;
  });
  focus = vi.fn();
  restore = vi.fn(() => {
    this.minimized = false;
  });
  loadURL = vi.fn(async () => {});
  isMinimized = () => this.minimized;
  isVisible = () => this.visible;
  isDestroyed = () => false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    createdWindows.push(this);
  }
}
export { FakeBrowserWindow as BrowserWindow };

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

export const shell = {
  openExternal: vi.fn(async () => {}),
};

/** Every Notification constructed. */
export const shownNotifications: FakeNotification[] = [];

export class FakeNotification extends EventEmitter {
  static isSupported = vi.fn(() => true);
  show = vi.fn();
  close = vi.fn(() => {
    this.emit('close');
  });
  constructor(readonly options: Record<string, unknown>) {
    super();
    shownNotifications.push(this);
  }
}
export { FakeNotification as Notification };

/**
 * `safeStorage`: reversible "encryption" (a prefix plus base64) so tests can tell stored
 * blobs from plaintext; the backend and availability are settable.
 */
export const safeStorage = {
  available: true,
  selectedBackend: 'gnome_libsecret' as 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown',
  isAsyncEncryptionAvailable: vi.fn(async () => safeStorage.available),
  getSelectedStorageBackend: vi.fn(() => safeStorage.selectedBackend),
  encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`)),
  decryptStringAsync: vi.fn(async (blob: Buffer) => {
    const text = blob.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { result: Buffer.from(text.slice(4), 'base64').toString(), shouldReEncrypt: false };
  }),
};

/** A session recording the handlers installed on it. */
export function createFakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    setDisplayMediaRequestHandler: vi.fn(),
  };
}

export const session = { defaultSession: createFakeSession() };

/** Clears every record kept by the fakes. */
export function resetElectronFake(): void {
  for (const key of Object.keys(exposed)) delete exposed[key];
  ipcHandlers.clear();
  createdWindows.length = 0;
  shownNotifications.length = 0;
  ipcRenderer.removeAllListeners();
  app.removeAllListeners();
  app.isPackaged = false;
  safeStorage.available = true;
  safeStorage.selectedBackend = 'gnome_libsecret';
  vi.clearAllMocks();
}

export default { app, contextBridge, ipcRenderer, ipcMain, BrowserWindow: FakeBrowserWindow, protocol, shell, Notification: FakeNotification, safeStorage, session };
