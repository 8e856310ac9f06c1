import { join } from 'node:path';
import { app, BrowserWindow, safeStorage, session } from 'electron';
import { DIAL_SCHEMES } from './deep-link/parse-dial-link';
import { DesktopShell } from './desktop-shell';
import { registerIpc } from './ipc/register-ipc';
import { APP_ENTRY_URL, devServerOrigin } from './security/app-origin';
import { installAppProtocol, registerAppScheme } from './security/app-protocol';
import { buildContentSecurityPolicy } from './security/csp';
import { installNavigationGuards } from './security/navigation';
import { installPermissionPolicy } from './security/permissions';
import { CredentialStore } from './services/credentials';
import { DesktopSettingsStore } from './services/desktop-settings';
import { EmbeddedRecordStore, loadInstallationSecret } from './services/embedded-record-store';
import { mainLabels } from './services/labels';
import { UserJournals } from './services/user-journals';
import { focusWindow, NotificationService } from './services/notifications';
import { configForPage, shouldEmbedRecordStore } from './services/record-store-mode';
import { RecordStoreSupervisor } from './services/record-store-supervisor';
import { reserveLoopbackPort } from './services/loopback-port';
import { CacheKeyVault } from './services/cache-key-vault';
import { sendEvent } from './ipc/send-event';
import { RotatingLog } from './services/rotating-log';
import { SettingsStore } from './services/settings';
import { createMainWindow } from './window/create-main-window';
import { safeStorageCrypto } from './services/safe-storage-crypto';

/**
 * Electron main: one instance, security installed before any page exists, then the IPC
 * channels, the desktop shell (tray, shortcuts, power, attention, dial links, crash
 * recovery), the embedded record store when no central one is configured, and the window.
 */

let mainWindow: BrowserWindow | null = null;
let started = false;
let recordStore: RecordStoreSupervisor | null = null;
let storeStopped = false;
// Made in start(): userData (possibly moved by --user-data-dir) is final once the app is ready.
let settings: SettingsStore | null = null;
let desktopSettings: DesktopSettingsStore | null = null;
let cacheKeyVault: CacheKeyVault | null = null;

const getWindow = (): BrowserWindow | null => mainWindow;
const notifications = new NotificationService(getWindow);

/** Brings the window forward, or opens it again (macOS keeps running without one). */
function showWindow(): void {
  if (mainWindow) focusWindow(mainWindow);
  else if (started) openMainWindow();
}

const shell = new DesktopShell({
  getWindow,
  showWindow,
  quit: () => app.quit(),
  desktopSettings: () => desktopSettings as DesktopSettingsStore,
  notifications,
  labels: () => mainLabels(settings?.get().locale),
  log: (message) => console.warn(message),
});

/** The page to load: the dev server while developing, else the built renderer over `app://`. */
function rendererUrl(): string {
  return devServerOrigin() ? (process.env.ELECTRON_RENDERER_URL as string) : APP_ENTRY_URL;
}

function openMainWindow(): void {
  const window = createMainWindow();
  mainWindow = window;
  shell.attachWindow(window);
  // A new page may take the cache key once.
  window.webContents.on('did-start-loading', () => cacheKeyVault?.pageLoaded());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadURL(rendererUrl()).catch((error: unknown) => console.error('Failed to load the renderer', error));
}

/** The embedded record store when no central one is configured; it starts beside the window, never before it. */
function makeRecordStore(userData: string, config: SettingsStore): RecordStoreSupervisor {
  return new RecordStoreSupervisor({
    embedded: shouldEmbedRecordStore({ env: process.env.HOTLINE_RECORD_STORE, packaged: app.isPackaged, config: config.get() }),
    secret: () => loadInstallationSecret(join(userData, 'record-store.secret')),
    reservePort: reserveLoopbackPort,
    createStore: ({ port, secret, log, onExit }) =>
      new EmbeddedRecordStore({
        // Spawned by path: main never imports server/ code (design.md §2).
        entry: join(app.getAppPath(), 'out', 'main', 'record-store.js'),
        dataDir: join(userData, 'record-store'),
        secret,
        port,
        log,
        onExit,
      }),
    onState: (state) => {
      const window = mainWindow;
      if (window && !window.isDestroyed()) sendEvent(window.webContents, 'event:record-store', state);
    },
    // The page's config and CSP name the old port: load it again with the new one.
    onUrlChanged: () => mainWindow?.webContents.reload(),
    log: (message) => console.warn(message),
  });
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  new RotatingLog(join(userData, 'logs')).captureConsole();
  console.info(`Hotline Desk ${app.getVersion()} starting`);
  const config = new SettingsStore(join(userData, 'settings.json'));
  const desktop = new DesktopSettingsStore(join(userData, 'desktop-settings.json'));
  await Promise.all([config.load(), desktop.load()]);
  settings = config;
  desktopSettings = desktop;
  installPermissionPolicy(session.defaultSession);
  installAppProtocol({
    root: join(app.getAppPath(), 'out', 'renderer'),
    // Read per response: a changed config applies from the next page load.
    contentSecurityPolicy: () => buildContentSecurityPolicy(configForPage(config.get(), recordStore?.url ?? null)),
  });
  // Registering in development would point the OS at the bare Electron binary.
  if (app.isPackaged) for (const scheme of DIAL_SCHEMES) app.setAsDefaultProtocolClient(scheme);
  const store = makeRecordStore(userData, config);
  recordStore = store;
  // Milliseconds: the secret file and a free port, so the page's config names the URL.
  await store.prepare();
  const cacheKey = new CacheKeyVault(join(userData, 'cache-key.bin'), safeStorageCrypto(safeStorage));
  cacheKeyVault = cacheKey;
  registerIpc({
    settings: config,
    appInfo: () => ({ version: app.getVersion(), platform: process.platform, host: 'electron' }),
    credentials: new CredentialStore(join(userData, 'credentials.json'), safeStorageCrypto(safeStorage)),
    notifications,
    // One journal per user; the shared note-journal.jsonl of older builds stays aside (user-journals.ts).
    journals: new UserJournals(join(userData, 'note-journals')),
    getWindow,
    embeddedRecordStoreUrl: () => store.url,
    desktop: shell.ipc,
    recordStore: store,
    cacheKey,
  });
  config.onChange(() => shell.tray.refresh());
  shell.start();
  // Read-only probes for the real-Electron suite (app.evaluate runs in main); never in a packaged build.
  if (!app.isPackaged && process.env.HOTLINE_TEST_PROBES === '1') {
    Object.assign(globalThis, { __hotlineDeskProbes: { tray: () => ({ state: shell.tray.state, tooltip: shell.tray.tooltip }), powerBlocked: () => shell.power.holding } });
  }
  started = true;
  openMainWindow();
  // In the background: the page shows "starting" and holds sign-in until it is ready.
  void store.run();
}

// Everything below runs at import, before `ready`: the scheme must be privileged, the
// sandbox forced and Chromium switches set before Chromium starts, and the navigation guard
// must see the first web contents.
registerAppScheme();
app.enableSandbox();
// Ringtones must start without a click; the window's autoplayPolicy covers the page, the
// switch covers media elements created before any user gesture reached the process.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

if (!app.requestSingleInstanceLock()) {
  // A second workstation instance would register the same SIP account twice. Its dial link
  // reaches the first instance through `second-instance`.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    shell.dialLinks.fromArgv(argv);
    showWindow();
  });
  // macOS hands links over as events, possibly before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    shell.dialLinks.fromUrl(url);
  });
  // Windows and Linux: a link that launched us is on our own command line.
  shell.dialLinks.fromArgv(process.argv);
  installNavigationGuards(app);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (started && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  app.on('before-quit', (event) => {
    // Stop the embedded store first (bounded), then quit for real.
    if (!recordStore?.url || storeStopped) return;
    event.preventDefault();
    storeStopped = true;
    void recordStore.stop().finally(() => app.quit());
  });
  app.on('will-quit', () => shell.shutdown());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Start-up failed', error);
      app.exit(1);
    });
}
