import { join } from 'node:path';
import { app, BrowserWindow, safeStorage, session } from 'electron';
import { registerIpc } from './ipc/register-ipc';
import { APP_ENTRY_URL, devServerOrigin } from './security/app-origin';
import { installAppProtocol, registerAppScheme } from './security/app-protocol';
import { buildContentSecurityPolicy } from './security/csp';
import { installNavigationGuards } from './security/navigation';
import { installPermissionPolicy } from './security/permissions';
import { CredentialStore } from './services/credentials';
import { NoteJournal } from './services/note-journal';
import { focusWindow, NotificationService } from './services/notifications';
import { SettingsStore } from './services/settings';
import { createMainWindow } from './window/create-main-window';

/**
 * Electron main: one instance, security installed before any page exists, then the IPC
 * channels and the one window.
 */

let mainWindow: BrowserWindow | null = null;
let started = false;

/** The page to load: the dev server while developing, else the built renderer over `app://`. */
function rendererUrl(): string {
  return devServerOrigin() ? (process.env.ELECTRON_RENDERER_URL as string) : APP_ENTRY_URL;
}

function openMainWindow(): void {
  mainWindow = createMainWindow();
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  mainWindow.loadURL(rendererUrl()).catch((error: unknown) => console.error('Failed to load the renderer', error));
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const settings = new SettingsStore(join(userData, 'settings.json'));
  await settings.load();

  installPermissionPolicy(session.defaultSession);
  installAppProtocol({
    root: join(app.getAppPath(), 'out', 'renderer'),
    // Read per response: a changed config applies from the next page load.
    contentSecurityPolicy: () => buildContentSecurityPolicy(settings.get()),
  });

  const getWindow = (): BrowserWindow | null => mainWindow;
  registerIpc({
    settings,
    appInfo: () => ({ version: app.getVersion(), platform: process.platform, host: 'electron' }),
    credentials: new CredentialStore(join(userData, 'credentials.json'), safeStorage),
    notifications: new NotificationService(getWindow),
    journal: new NoteJournal(join(userData, 'note-journal.jsonl')),
    getWindow,
  });

  started = true;
  openMainWindow();
}

// Everything below runs at import, before `ready`: the scheme must be privileged and the
// sandbox forced before Chromium starts, and the navigation guard must see the first
// web contents.
registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second workstation instance would register the same SIP account twice.
  app.quit();
} else {
  app.on('second-instance', () => focusWindow(mainWindow));
  installNavigationGuards(app);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (started && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Start-up failed', error);
      app.exit(1);
    });
}
