import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
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
  setAsDefaultProtocolClient: vi.fn(() => true),
  focus: vi.fn(),
  /** Switches appended before `ready`, by name. */
  commandLine: { switches: new Map<string, string>(), appendSwitch: vi.fn((name: string, value = '') => void app.commandLine.switches.set(name, value)) },
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
  readonly webContents = Object.assign(new EventEmitter(), { send: vi.fn(), isDestroyed: () => false, reload: vi.fn() });
  alwaysOnTop = false;
  setAlwaysOnTop = vi.fn((flag: boolean) => {
    this.alwaysOnTop = flag;
  });
  moveTop = vi.fn();
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
  // The synchronous calls Electron 41 has (main wraps them in safeStorageCrypto); same scheme.
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  encryptString: vi.fn((plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`)),
  decryptString: vi.fn((blob: Buffer) => {
    const text = blob.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(4), 'base64').toString();
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

/** `powerSaveBlocker`: ids handed out in order; `started` holds the live ones. */
export const powerSaveBlocker = {
  started: new Set<number>(),
  nextId: 1,
  start: vi.fn((_type: string) => {
    const id = powerSaveBlocker.nextId++;
    powerSaveBlocker.started.add(id);
    return id;
  }),
  stop: vi.fn((id: number) => powerSaveBlocker.started.delete(id)),
  isStarted: vi.fn((id: number) => powerSaveBlocker.started.has(id)),
};

/** `globalShortcut`: accelerators in `takenElsewhere` fail to register, as when another program holds them. */
export const globalShortcut = {
  registered: new Map<string, () => void>(),
  takenElsewhere: new Set<string>(),
  register: vi.fn((accelerator: string, callback: () => void) => {
    if (globalShortcut.takenElsewhere.has(accelerator) || globalShortcut.registered.has(accelerator)) return false;
    globalShortcut.registered.set(accelerator, callback);
    return true;
  }),
  unregister: vi.fn((accelerator: string) => void globalShortcut.registered.delete(accelerator)),
  unregisterAll: vi.fn(() => globalShortcut.registered.clear()),
};

export const nativeImage = {
  createFromBuffer: vi.fn((buffer: Buffer) => ({ buffer, isEmpty: () => buffer.length === 0 })),
};

/** `Menu.buildFromTemplate` returns the template itself so tests can click items. */
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ items: template })),
};

/** Every Tray constructed. */
export const createdTrays: FakeTray[] = [];

export class FakeTray extends EventEmitter {
  image: unknown;
  tooltip = '';
  menu: { items: Array<Record<string, unknown> & { click?: () => void }> } | null = null;
  destroyed = false;
  setImage = vi.fn((image: unknown) => void (this.image = image));
  setToolTip = vi.fn((text: string) => void (this.tooltip = text));
  setContextMenu = vi.fn((menu: FakeTray['menu']) => void (this.menu = menu));
  destroy = vi.fn(() => void (this.destroyed = true));
  isDestroyed = () => this.destroyed;
  constructor(image: unknown) {
    super();
    this.image = image;
    createdTrays.push(this);
  }
}
export { FakeTray as Tray };

/** A utility process whose stdout/stderr the test writes to. */
export class FakeUtilityProcess extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  killed = false;
  kill = vi.fn(() => {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  });
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: Record<string, unknown>,
  ) {
    super();
  }
}

/** Every utility process forked. */
export const forkedProcesses: FakeUtilityProcess[] = [];

export const utilityProcess = {
  fork: vi.fn((modulePath: string, args: string[] = [], options: Record<string, unknown> = {}) => {
    const child = new FakeUtilityProcess(modulePath, args, options);
    forkedProcesses.push(child);
    return child;
  }),
};

/** Clears every record kept by the fakes. */
export function resetElectronFake(): void {
  for (const key of Object.keys(exposed)) delete exposed[key];
  ipcHandlers.clear();
  createdWindows.length = 0;
  shownNotifications.length = 0;
  ipcRenderer.removeAllListeners();
  app.removeAllListeners();
  app.isPackaged = false;
  app.commandLine.switches.clear();
  powerSaveBlocker.started.clear();
  powerSaveBlocker.nextId = 1;
  globalShortcut.registered.clear();
  globalShortcut.takenElsewhere.clear();
  createdTrays.length = 0;
  forkedProcesses.length = 0;
  safeStorage.available = true;
  safeStorage.selectedBackend = 'gnome_libsecret';
  vi.clearAllMocks();
}

export default {
  app,
  contextBridge,
  ipcRenderer,
  ipcMain,
  BrowserWindow: FakeBrowserWindow,
  protocol,
  shell,
  Notification: FakeNotification,
  safeStorage,
  session,
  powerSaveBlocker,
  globalShortcut,
  nativeImage,
  Menu,
  Tray: FakeTray,
  utilityProcess,
};
