import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_REQUEST_CHANNELS } from '@shared/ipc/contract';
import type * as ElectronFake from '../../test/fakes/node/electron';

vi.mock('electron', () => import('../../test/fakes/node/electron'));

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
});

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
    const { app } = await boot();
    Object.defineProperty(process, 'platform', { value: 'linux' });
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);
  });
});
