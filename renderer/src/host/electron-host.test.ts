import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { DEFAULT_DESKTOP_SETTINGS } from '@shared/ipc/desktop';
import type { DeskBridge } from '@shared/ipc/desk-bridge';
import { IpcCallError } from '@shared/ipc/envelope';
import { ElectronHost } from './electron-host';
import { createHost } from './index';
import { WebHost } from './web-host';

function fakeDesk(overrides: Partial<DeskBridge> = {}): DeskBridge {
  return {
    appInfo: async () => ({ result: { version: '1.2.3', platform: 'linux', host: 'electron' } }),
    getConfig: async () => ({ result: DEFAULT_CONFIG }),
    setConfig: async (c) => ({ result: c }),
    credentialGet: async () => ({ result: null }),
    credentialSet: async () => ({ result: undefined }),
    credentialDelete: async () => ({ result: undefined }),
    credentialBackend: async () => ({ result: 'plaintext-fallback' }),
    notify: async () => ({ result: undefined }),
    focusWindow: async () => ({ result: undefined }),
    openExternal: async () => ({ error: { code: 'forbidden-url', message: 'not allowlisted' } }),
    journalAppend: async () => ({ result: undefined }),
    journalReplay: async () => ({ result: [] }),
    journalTrim: async () => ({ result: undefined }),
    getDesktopSettings: async () => ({ result: DEFAULT_DESKTOP_SETTINGS }),
    setDesktopSettings: async (s) => ({ result: s }),
    shortcutStatus: async () => ({ result: [{ action: 'answer', accelerator: 'Alt+A', state: 'conflict' }] }),
    reportCallActivity: async () => ({ result: undefined }),
    reportAgentState: async () => ({ error: { code: 'invalid-args', message: '0: Invalid option' } }),
    dialReady: async () => ({ result: undefined }),
    on: () => () => undefined,
    ...overrides,
  };
}

describe('host selection and the electron host', () => {
  it('uses the electron host only when the preload bridge exists', () => {
    expect(createHost({ desk: fakeDesk() })).toBeInstanceOf(ElectronHost);
    expect(createHost({})).toBeInstanceOf(WebHost);
  });

  it('unwraps results and turns error envelopes into coded errors', async () => {
    const host = new ElectronHost(fakeDesk());
    expect((await host.appInfo()).version).toBe('1.2.3');
    expect(await host.credentials.backend()).toBe('plaintext-fallback');
    const error = await host.openExternal('https://evil.example').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcCallError);
    expect((error as IpcCallError).code).toBe('forbidden-url');
  });

  it('passes arguments through to the named bridge functions', async () => {
    const credentialSet = vi.fn(async () => ({ result: undefined }));
    const host = new ElectronHost(fakeDesk({ credentialSet }));
    await host.credentials.set('sip-password', 's3cret');
    expect(credentialSet).toHaveBeenCalledWith('sip-password', 's3cret');
  });

  it('passes the desktop channels through and unwraps their envelopes', async () => {
    const reportCallActivity = vi.fn(async () => ({ result: undefined }));
    const host = new ElectronHost(fakeDesk({ reportCallActivity }));
    expect(await host.desktop.getSettings()).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(await host.desktop.shortcutStatus()).toEqual([{ action: 'answer', accelerator: 'Alt+A', state: 'conflict' }]);
    await host.desktop.reportCallActivity({ live: 1, incoming: null });
    expect(reportCallActivity).toHaveBeenCalledWith({ live: 1, incoming: null });
    await expect(host.desktop.reportAgentState('ready')).rejects.toMatchObject({ code: 'invalid-args' });
  });
});
