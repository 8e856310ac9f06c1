import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { DESK_BRIDGE_METHODS } from '../../shared/ipc/desk-bridge';

const root = resolve(import.meta.dirname, '../..');
const hasBinary = existsSync(join(root, 'node_modules', 'electron', 'dist'));

const SKIP_MESSAGE = 'Electron binary not installed (node_modules/electron/dist missing); real-Electron suite skipped';
// Said out loud as well: a skipped suite must not pass for a green one in the log.
if (!hasBinary) console.warn(SKIP_MESSAGE);
test.skip(!hasBinary, SKIP_MESSAGE);

let app: ElectronApplication;
let page: Page;
let userData: string;

test.beforeAll(async () => {
  if (!existsSync(join(root, 'out', 'main', 'index.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    throw new Error('Build first: out/main/index.js or out/renderer/index.html is missing (npx electron-vite build)');
  }
  userData = await mkdtemp(join(tmpdir(), 'hotline-desk-electron-'));
  const args = [root, `--user-data-dir=${userData}`];
  // Chromium refuses its OS sandbox as root (containers); the renderer sandbox preference is unaffected.
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  // Without a display server, Ozone's headless backend lets the window exist anyway.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) args.unshift('--ozone-platform=headless', '--disable-gpu');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RENDERER_URL') env[key] = value;
  env.XDG_CONFIG_HOME = userData;
  app = await electron.launch({ args, cwd: root, env });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (userData) await rm(userData, { recursive: true, force: true });
});

test('launches one window on app://hotline-desk', async () => {
  expect(app.windows()).toHaveLength(1);
  expect(page.url()).toBe('app://hotline-desk/index.html');
});

test('the window runs with the hardened web preferences', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> };
    return contents.getLastWebPreferences?.() ?? null;
  });
  if (prefs) {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      backgroundThrottling: false,
    });
    expect(String(prefs.preload)).toMatch(/out[/\\]preload[/\\]index\.cjs$/);
  } else {
    test.info().annotations.push({ type: 'note', description: 'getLastWebPreferences unavailable; checked by behaviour only' });
  }
  // Whatever the API says, the page itself must see no Node.
  const page_ = await page.evaluate(() => {
    const g = globalThis as Record<string, unknown>;
    return { require: typeof g.require, process: typeof g.process, module: typeof g.module, Buffer: typeof g.Buffer };
  });
  expect(page_).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });
});

test('window.desk exposes the contract methods and nothing generic', async () => {
  const keys = await page.evaluate(() => Object.keys((globalThis as unknown as { desk: object }).desk).sort());
  expect(keys).toEqual([...Object.keys(DESK_BRIDGE_METHODS), 'on'].sort());
});

test('IPC round trip: window.desk.appInfo()', async () => {
  const reply = await page.evaluate(() => (globalThis as unknown as { desk: { appInfo(): Promise<unknown> } }).desk.appInfo());
  expect(reply).toEqual({ result: { version: expect.any(String), platform: process.platform, host: 'electron' } });
});

test('bad IPC arguments come back as an invalid-args envelope', async () => {
  const reply = await page.evaluate(() =>
    (globalThis as unknown as { desk: { credentialGet(key: string): Promise<unknown> } }).desk.credentialGet('not-a-key'),
  );
  expect(reply).toMatchObject({ error: { code: 'invalid-args' } });
});

test('window.open and off-origin navigation are refused', async () => {
  const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') === null);
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://hotline-desk/index.html');
});
