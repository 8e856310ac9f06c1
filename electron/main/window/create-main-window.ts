import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The only place a BrowserWindow is created, so the hardened web preferences cannot be
 * forgotten or weakened by a later caller.
 */

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const key of Object.keys(value) as (keyof T)[]) {
    const child = value[key];
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/** The built preload; `app.getAppPath()` is the repo root in development and the asar when packaged. */
export function preloadPath(): string {
  return join(app.getAppPath(), 'out', 'preload', 'index.cjs');
}

/** The web preferences of every window, deep-frozen. */
export const SECURE_WEB_PREFERENCES: Readonly<WebPreferences> = deepFreeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  // SIP keep-alives and re-registration timers must keep running while minimised.
  backgroundThrottling: false,
  // Incoming-call ringtones start without a click.
  autoplayPolicy: 'no-user-gesture-required',
  preload: preloadPath(),
} satisfies WebPreferences);

/** What a caller may choose about the window: geometry and chrome, never web preferences. */
export interface MainWindowOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  title?: string;
  show?: boolean;
  icon?: string;
  backgroundColor?: string;
}

const ALLOWED_OPTION_KEYS = ['width', 'height', 'minWidth', 'minHeight', 'title', 'show', 'icon', 'backgroundColor'] as const satisfies readonly (keyof MainWindowOptions)[];

/**
 * Creates the workstation window. Only the keys of `MainWindowOptions` are read from
 * `options`; anything else (`webPreferences` smuggled in through a cast, `parent`, ...)
 * is ignored, and the web preferences are always a fresh copy of the frozen baseline.
 */
export function createMainWindow(options: MainWindowOptions = {}): BrowserWindow {
  const picked: BrowserWindowConstructorOptions = { width: 1280, height: 800, minWidth: 960, minHeight: 600, show: false, title: 'Hotline Desk' };
  for (const key of ALLOWED_OPTION_KEYS) {
    if (Object.hasOwn(options, key) && options[key] !== undefined) Object.assign(picked, { [key]: options[key] });
  }
  const window = new BrowserWindow({ ...picked, webPreferences: { ...SECURE_WEB_PREFERENCES } });
  window.once('ready-to-show', () => window.show());
  return window;
}
