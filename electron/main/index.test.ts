import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_REQUEST_CHANNELS } from '@shared/ipc/contract';
import type * as ElectronFake from '../../test/fakes/node/electron';
import type * as EmbeddedModule from './services/embedded-record-store';
import type * as AppProtocolModule from './security/app-protocol';

vi.mock('electron', () => import('../../test/fakes/node/electron'));
// Nothing under test writes to the (fake) user-data folder or patches the real console.
vi.mock('./services/rotating-log', () => ({ RotatingLog: class { captureConsole() {} } }));
const embedded = vi.hoisted(() => ({
  started: [] as string[],
  stopped: 0,
  ports: [] as number[],
  /** Settles the pending start (by default at once). */
  hold: null as Promise<void> | null,
}));
vi.mock('./services/embedded-record-store', async (importOriginal) => ({
  EmbeddedStoreStartError: (await importOriginal<typeof EmbeddedModule>()).EmbeddedStoreStartError,
  loadInstallationSecret: async () => 'f'.repeat(64),
  EmbeddedRecordStore: class {
    runningUrl: string | null = null;
    constructor(readonly options: { entry: string; port: number; secret: string }) {}
    async start() {
      embedded.started.push(this.options.entry);
      embedded.ports.push(this.options.port);
      if (embedded.hold) await embedded.hold;
      this.runningUrl = `http://127.0.0.1:${this.options.port}`;
      return this.runningUrl;
    }
    async stop() {
      embedded.stopped++;
      this.runningUrl = null;
    }
  },
}));

/** The options main gave the app:// protocol (its CSP is read per response). */
const protocolOptions = vi.hoisted(() => ({ last: null as { contentSecurityPolicy: () => string } | null }));
vi.mock('./security/app-protocol', async (importOriginal) => {
  const real = await importOriginal<typeof AppProtocolModule>();
  return {
    ...real,
    installAppProtocol: (options: Parameters<typeof real.installAppProtocol>[0]) => {
      protocolOptions.last = options;
      real.installAppProtocol(options);
    },
  };
});

type Fake = typeof ElectronFake;
const platform = process.platform;

/**
 * Imports main afresh (it acts at import time). The fake is fetched through the mocked
 * `electron` specifier, so it is the very instance main gets, then reset.
 */
async function boot(setup: (fake: Fake) => void = () => {}): Promise<Fake> {
  vi.resetModules();
  const fake = (await import('electron')) as unknown as Fake;
  fake.resetElectronFake();
  fake.app.requestSingleInstanceLock.mockReturnValue(true);
  fake.app.whenReady.mockImplementation(() => Promise.resolve());
  setup(fake);
  await import('./index');
  return fake;
}

afterEach(() => {
  Object.defineProperty(process, 'platform', { value: platform });
  delete process.env.ELECTRON_RENDERER_URL;
  delete process.env.HOTLINE_RECORD_STORE;
  embedded.started.length = 0;
  embedded.ports.length = 0;
  embedded.stopped = 0;
  embedded.hold = null;
});

const trusted = { senderFrame: { url: 'app://hotline-desk/index.html', parent: null } };

describe('main lifecycle', () => {
  it('privileges the scheme and forces the sandbox before ready', async () => {
    const { app, protocol, createdWindows } = await boot((f) => f.app.whenReady.mockImplementation(() => new Promise(() => {})));
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(app.listenerCount('web-contents-created')).toBe(1);
    expect(createdWindows).toHaveLength(0);
  });

  it('quits at once when another instance holds the lock', async () => {
    const { app } = await boot((f) => f.app.requestSingleInstanceLock.mockReturnValue(false));
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
  });

  it('on ready installs security, every IPC channel, then loads app://hotline-desk', async () => {
    const { createdWindows, session, protocol, ipcHandlers } = await boot();
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...ipcHandlers.keys()].sort()).toEqual([...IPC_REQUEST_CHANNELS].sort());
    expect(createdWindows[0]!.loadURL).toHaveBeenCalledWith('app://hotline-desk/index.html');
  });

  it('loads the dev server when ELECTRON_RENDERER_URL is set (unpackaged)', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    const { createdWindows } = await boot();
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    expect(createdWindows[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged build', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    const { createdWindows } = await boot((f) => (f.app.isPackaged = true));
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    expect(createdWindows[0]!.loadURL).toHaveBeenCalledWith('app://hotline-desk/index.html');
  });

  it('quits when all windows close, except on macOS', async () => {
    const { app, createdWindows } = await boot();
    // Let start-up finish, so it cannot spill into the next test's fresh fake.
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    Object.defineProperty(process, 'platform', { value: 'linux' });
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);
  });

  it('sets the autoplay switch before ready and takes the first instance\'s dial link', async () => {
    const argv = process.argv;
    process.argv = [...argv, 'tel:96110'];
    try {
      const { app, createdWindows, ipcHandlers } = await boot();
      expect(app.commandLine.switches.get('autoplay-policy')).toBe('no-user-gesture-required');
      await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
      const window = createdWindows[0]!;
      window.webContents.emit('did-start-loading');
      window.webContents.emit('did-finish-load');
      // Loaded is not enough: the link waits until the signed-in page says it can dial.
      expect(window.webContents.send).not.toHaveBeenCalledWith('event:dial', expect.anything());
      await ipcHandlers.get('dial:ready')!(trusted, true);
      expect(window.webContents.send).toHaveBeenCalledWith('event:dial', { number: '96110' });
    } finally {
      process.argv = argv;
    }
  });

  it('hands a second instance\'s link and macOS open-url to the page, refusing hostile ones', async () => {
    const { app, createdWindows, ipcHandlers } = await boot();
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    const window = createdWindows[0]!;
    await ipcHandlers.get('dial:ready')!(trusted, true);
    app.emit('second-instance', {}, ['/opt/hotline-desk', '--no-sandbox', 'tel:+86 138-0013-8000'], '/');
    expect(window.webContents.send).toHaveBeenCalledWith('event:dial', { number: '+8613800138000' });
    expect(window.focus).toHaveBeenCalled();
    const preventDefault = vi.fn();
    app.emit('open-url', { preventDefault }, 'sip:1001@pbx.example');
    expect(preventDefault).toHaveBeenCalled();
    expect(window.webContents.send).toHaveBeenCalledWith('event:dial', { number: '1001' });
    window.webContents.send.mockClear();
    app.emit('second-instance', {}, ['/opt/hotline-desk', 'tel:96110;ext=--inspect'], '/');
    app.emit('open-url', { preventDefault }, 'javascript:alert(1)');
    expect(window.webContents.send).not.toHaveBeenCalledWith('event:dial', expect.anything());
    // Signed out: a valid link waits for the next sign-in.
    await ipcHandlers.get('dial:ready')!(trusted, false);
    app.emit('open-url', { preventDefault }, 'tel:110');
    expect(window.webContents.send).not.toHaveBeenCalledWith('event:dial', expect.anything());
    await ipcHandlers.get('dial:ready')!(trusted, true);
    expect(window.webContents.send).toHaveBeenCalledWith('event:dial', { number: '110' });
  });

  it('registers tel: and sip: with the OS only when packaged', async () => {
    process.env.HOTLINE_RECORD_STORE = 'central';
    const { app, createdWindows } = await boot((f) => (f.app.isPackaged = true));
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    expect(app.setAsDefaultProtocolClient.mock.calls.map((c: unknown[]) => c[0])).toEqual(['tel', 'sip']);
    const dev = await boot();
    await vi.waitFor(() => expect(dev.createdWindows).toHaveLength(1));
    expect(dev.app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
  });

  it('creates the tray, follows the agent state and registers the global shortcuts; releases them on quit', async () => {
    const { app, createdTrays, createdWindows, globalShortcut, ipcHandlers } = await boot();
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    expect(createdTrays).toHaveLength(1);
    expect([...globalShortcut.registered.keys()].sort()).toEqual(['CommandOrControl+Alt+A', 'CommandOrControl+Alt+H', 'CommandOrControl+Alt+M']);
    await ipcHandlers.get('agent:state')!(trusted, 'ready');
    expect(createdTrays[0]!.tooltip).toBe('反诈热线工作台 · 就绪');
    globalShortcut.registered.get('CommandOrControl+Alt+A')!();
    expect(createdWindows[0]!.webContents.send).toHaveBeenCalledWith('event:shortcut', { action: 'answer' });
    app.emit('will-quit');
    expect(globalShortcut.registered.size).toBe(0);
    expect(createdTrays[0]!.destroyed).toBe(true);
  });

  it('holds the power-save blocker while a call is live and releases it when the renderer crashes', async () => {
    const { createdWindows, ipcHandlers, powerSaveBlocker } = await boot();
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    await ipcHandlers.get('calls:activity')!(trusted, { live: 1, incoming: { callId: 'c1', from: '13800138000' } });
    expect(powerSaveBlocker.started.size).toBe(1);
    expect(createdWindows[0]!.focus).toHaveBeenCalled();
    createdWindows[0]!.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    expect(createdWindows[0]!.webContents.reload).toHaveBeenCalled();
    expect(powerSaveBlocker.started.size).toBe(0);
  });

  it('runs the embedded record store when told, shows its URL to the page and stops it before quitting', async () => {
    process.env.HOTLINE_RECORD_STORE = 'embedded';
    const { app, createdWindows, ipcHandlers } = await boot();
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    await vi.waitFor(() => expect(embedded.started).toEqual(['/fake/app/out/main/record-store.js']));
    const url = `http://127.0.0.1:${embedded.ports[0]}`;
    await expect(ipcHandlers.get('config:get')!(trusted)).resolves.toMatchObject({ result: { recordStoreUrl: url } });
    await vi.waitFor(() => expect(ipcHandlers.get('record-store:state')!(trusted)).resolves.toEqual({ result: { state: 'ready', url } }));
    // The secret goes to the page for the embedded URL only.
    await expect(ipcHandlers.get('record-store:secret')!(trusted, url)).resolves.toEqual({ result: 'f'.repeat(64) });
    await expect(ipcHandlers.get('record-store:secret')!(trusted, 'http://127.0.0.1:4100')).resolves.toEqual({ result: null });
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(embedded.stopped).toBe(1);
    app.emit('before-quit', { preventDefault: vi.fn() });
    expect(embedded.stopped).toBe(1);
  });

  it('opens the window before the embedded store is up and tells the page when it is ready', async () => {
    process.env.HOTLINE_RECORD_STORE = 'embedded';
    let release!: () => void;
    embedded.hold = new Promise<void>((resolve) => (release = resolve));
    const { createdWindows, ipcHandlers } = await boot();
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    await vi.waitFor(() => expect(embedded.started).toHaveLength(1));
    const url = `http://127.0.0.1:${embedded.ports[0]}`;
    // The window loads while the store is still starting; its config already names the URL.
    expect(createdWindows[0]!.loadURL).toHaveBeenCalled();
    await expect(ipcHandlers.get('record-store:state')!(trusted)).resolves.toEqual({ result: { state: 'starting', url } });
    await expect(ipcHandlers.get('config:get')!(trusted)).resolves.toMatchObject({ result: { recordStoreUrl: url } });
    // The page may connect to it: the CSP names the embedded store, not the default URL.
    expect(protocolOptions.last!.contentSecurityPolicy()).toMatch(new RegExp(`connect-src [^;]*${url.replace(/[.:/]/g, '\\$&')}`));
    expect(protocolOptions.last!.contentSecurityPolicy()).not.toContain('127.0.0.1:4100');
    release();
    await vi.waitFor(() => expect(createdWindows[0]!.webContents.send).toHaveBeenCalledWith('event:record-store', { state: 'ready', url }));
  });

  it('says central, hands out no secret and starts nothing with a central record store', async () => {
    process.env.HOTLINE_RECORD_STORE = 'central';
    const { createdWindows, ipcHandlers } = await boot();
    await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
    await expect(ipcHandlers.get('record-store:state')!(trusted)).resolves.toEqual({ result: { state: 'central' } });
    await expect(ipcHandlers.get('record-store:secret')!(trusted, 'http://127.0.0.1:4100')).resolves.toEqual({ result: null });
    expect(embedded.started).toHaveLength(0);
  });

  it('hands the cache key to a page once per load', async () => {
    process.env.HOTLINE_RECORD_STORE = 'central';
    const userData = await mkdtemp(join(tmpdir(), 'desk-main-'));
    try {
      const { createdWindows, ipcHandlers } = await boot((f) => f.app.getPath.mockImplementation(() => userData));
      await vi.waitFor(() => expect(createdWindows).toHaveLength(1));
      const first = (await ipcHandlers.get('cache-key:get')!(trusted)) as { result: { state: string; key: Uint8Array } };
      expect(first.result.state).toBe('protected');
      expect(first.result.key.byteLength).toBe(32);
      await expect(ipcHandlers.get('cache-key:get')!(trusted)).resolves.toMatchObject({ error: { code: 'cache-key-taken' } });
      createdWindows[0]!.webContents.emit('did-start-loading');
      const again = (await ipcHandlers.get('cache-key:get')!(trusted)) as { result: { key: Uint8Array } };
      expect(Buffer.from(again.result.key).equals(Buffer.from(first.result.key))).toBe(true);
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  });
});
