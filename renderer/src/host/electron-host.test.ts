import { describe, expect, it, vi } from 'vitest';
import { CacheKeyUnavailableError } from '@shared/host-api';
import { openJson, sealJson } from '../storage/cache-cipher';
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
    recordStoreState: async () => ({ result: { state: 'starting', url: 'http://127.0.0.1:41000' } }),
    recordStoreRetry: async () => ({ result: undefined }),
    recordStoreSecret: async (url) => ({ result: url === 'http://127.0.0.1:41000' ? 'd'.repeat(64) : null }),
    cacheKey: async () => ({ result: { state: 'protected', key: new Uint8Array(32).fill(7) } }),
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

  it("names the signed-in user on every journal call (each user's journal is their own)", async () => {
    const journalAppend = vi.fn(async () => ({ result: undefined }));
    const journalReplay = vi.fn(async () => ({ result: [] }));
    const host = new ElectronHost(fakeDesk({ journalAppend, journalReplay }));
    const entry = { id: 'seg-1', kind: 'noteSegment', payload: {}, at: 1 };
    await host.journal.append('user-a', [entry]);
    await host.journal.replay('user-b');
    expect(journalAppend).toHaveBeenCalledWith('user-a', [entry]);
    expect(journalReplay).toHaveBeenCalledWith('user-b');
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

  it('passes the record store state, retry and the secret for a URL through', async () => {
    const recordStoreRetry = vi.fn(async () => ({ result: undefined }));
    const host = new ElectronHost(fakeDesk({ recordStoreRetry }));
    expect(await host.recordStore.state()).toEqual({ state: 'starting', url: 'http://127.0.0.1:41000' });
    expect(await host.recordStore.installationSecret('http://127.0.0.1:41000')).toBe('d'.repeat(64));
    expect(await host.recordStore.installationSecret('https://central.example')).toBeNull();
    await host.recordStore.retry();
    expect(recordStoreRetry).toHaveBeenCalledTimes(1);
  });

  it('imports main\'s key bytes once as a non-extractable AES-GCM key and wipes the copy', async () => {
    const bytes = new Uint8Array(32).fill(7);
    const cacheKey = vi.fn(async () => ({ result: { state: 'protected' as const, key: bytes } }));
    const host = new ElectronHost(fakeDesk({ cacheKey }));
    const [a, b] = await Promise.all([host.cacheKey(), host.cacheKey()]);
    expect(a).toBe(b);
    expect(cacheKey).toHaveBeenCalledTimes(1);
    expect(a.extractable).toBe(false);
    expect(a.algorithm.name).toBe('AES-GCM');
    await expect(crypto.subtle.exportKey('raw', a)).rejects.toThrow();
    expect(bytes.every((x) => x === 0)).toBe(true);
    // It is the key made from those bytes: a box sealed with a key imported from the same bytes opens.
    const twin = await crypto.subtle.importKey('raw', new Uint8Array(32).fill(7), 'AES-GCM', false, ['encrypt', 'decrypt']);
    expect(await openJson(a, await sealJson(twin, { ok: 1 }))).toEqual({ ok: 1 });
    expect(await host.cacheProtection()).toEqual({ state: 'protected' });
  });

  it('refuses a cache key where main says caching is off, and says why', async () => {
    const host = new ElectronHost(fakeDesk({ cacheKey: async () => ({ result: { state: 'off', reason: 'plaintext-backend' } }) }));
    const error = await host.cacheKey().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheKeyUnavailableError);
    expect((error as CacheKeyUnavailableError).reason).toBe('plaintext-backend');
    expect(await host.cacheProtection()).toEqual({ state: 'off', reason: 'plaintext-backend' });
    const broken = new ElectronHost(fakeDesk({ cacheKey: async () => ({ error: { code: 'internal', message: 'x' } }) }));
    expect(await broken.cacheProtection()).toEqual({ state: 'off', reason: 'unavailable' });
  });
});
