import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { IPC_REQUEST_CHANNELS } from '@shared/ipc/contract';
import { DEFAULT_DESKTOP_SETTINGS } from '@shared/ipc/desktop';
import { FakeBrowserWindow, ipcHandlers, resetElectronFake, shell } from '../../../test/fakes/node/electron';
import { registerIpc } from './register-ipc';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const trusted = { senderFrame: { url: 'app://hotline-desk/index.html', parent: null } };
const call = (channel: string, ...args: unknown[]) => Promise.resolve(ipcHandlers.get(channel)!(trusted, ...args));

let window: FakeBrowserWindow;
const services = () => ({
  settings: { get: vi.fn(() => DEFAULT_CONFIG), set: vi.fn(async (c: typeof DEFAULT_CONFIG) => c) },
  appInfo: () => ({ version: '1.2.3', platform: 'linux', host: 'electron' as const }),
  credentials: { get: vi.fn(async () => 'pw'), set: vi.fn(async () => {}), delete: vi.fn(async () => {}), backend: vi.fn(async () => 'plaintext-fallback' as const) },
  notifications: { show: vi.fn() },
  journal: { append: vi.fn(async () => {}), replay: vi.fn(async () => []), trim: vi.fn(async () => {}) },
  journals: { of: vi.fn() },
  getWindow: () => window as never,
  embeddedRecordStoreUrl: vi.fn((): string | null => null),
  desktop: {
    desktopSettings: { get: vi.fn(() => DEFAULT_DESKTOP_SETTINGS), set: vi.fn(async (d: typeof DEFAULT_DESKTOP_SETTINGS) => d) },
    shortcutStatus: vi.fn(() => [{ action: 'answer' as const, accelerator: 'Alt+F1', state: 'conflict' as const }]),
    onCallActivity: vi.fn(),
    onAgentState: vi.fn(),
    onDialReady: vi.fn(),
  },
});
let s: ReturnType<typeof services>;

beforeEach(() => {
  resetElectronFake();
  window = new FakeBrowserWindow({});
  s = services();
  s.journals.of.mockReturnValue(s.journal);
  registerIpc(s as never);
});

describe('registerIpc', () => {
  it('registers every contract channel exactly once, and nothing else', () => {
    expect([...ipcHandlers.keys()].sort()).toEqual([...IPC_REQUEST_CHANNELS].sort());
  });

  it('answers app:info and config:get', async () => {
    await expect(call('app:info')).resolves.toEqual({ result: { version: '1.2.3', platform: 'linux', host: 'electron' } });
    await expect(call('config:get')).resolves.toEqual({ result: DEFAULT_CONFIG });
  });

  it('validates config:set before the store sees it', async () => {
    await expect(call('config:set', { ...DEFAULT_CONFIG, recordStoreUrl: 'file:///etc' })).resolves.toMatchObject({ error: { code: 'invalid-args' } });
    expect(s.settings.set).not.toHaveBeenCalled();
  });

  it('reports the credential backend', async () => {
    await expect(call('credential:backend')).resolves.toEqual({ result: 'plaintext-fallback' });
  });

  it('focuses a minimised window', async () => {
    window.minimized = true;
    await expect(call('window:focus')).resolves.toEqual({ result: undefined });
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('opens allowlisted links and refuses others with forbidden-url', async () => {
    await expect(call('shell:open-external', 'https://www.mps.gov.cn/')).resolves.toEqual({ result: undefined });
    await expect(call('shell:open-external', 'file:///etc/passwd')).resolves.toMatchObject({ error: { code: 'forbidden-url' } });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('routes journal and notify calls', async () => {
    const entry = { id: 'seg-1', kind: 'note-segment', payload: { text: 'hi' }, at: 1 };
    await call('journal:append', 'user-a', [entry]);
    expect(s.journals.of).toHaveBeenLastCalledWith('user-a');
    expect(s.journal.append).toHaveBeenCalledWith([entry]);
    await call('journal:trim', 'user-a', ['seg-1']);
    expect(s.journal.trim).toHaveBeenCalledWith(['seg-1']);
    // A journal is always somebody's: no owner, or one that is not a file-safe id, is refused.
    await expect(call('journal:replay')).resolves.toMatchObject({ error: { code: 'invalid-args' } });
    await expect(call('journal:replay', '../other')).resolves.toMatchObject({ error: { code: 'invalid-args' } });
    expect(s.journals.of).toHaveBeenCalledTimes(2);
    await call('notify:show', { title: 'Incoming call', body: '138****0000' });
    expect(s.notifications.show).toHaveBeenCalledWith({ title: 'Incoming call', body: '138****0000' });
  });

  it('shows the embedded record store URL to the page and never saves it', async () => {
    s.embeddedRecordStoreUrl.mockReturnValue('http://127.0.0.1:53124');
    await expect(call('config:get')).resolves.toEqual({ result: { ...DEFAULT_CONFIG, recordStoreUrl: 'http://127.0.0.1:53124' } });
    const reply = await call('config:set', { ...DEFAULT_CONFIG, recordStoreUrl: 'http://127.0.0.1:53124', locale: 'en' });
    expect(s.settings.set).toHaveBeenCalledWith({ ...DEFAULT_CONFIG, locale: 'en' });
    expect(reply).toEqual({ result: { ...DEFAULT_CONFIG, recordStoreUrl: 'http://127.0.0.1:53124', locale: 'en' } });
    await call('config:set', { ...DEFAULT_CONFIG, recordStoreUrl: 'https://records.example:4100' });
    expect(s.settings.set).toHaveBeenLastCalledWith({ ...DEFAULT_CONFIG, recordStoreUrl: 'https://records.example:4100' });
  });

  it('routes the desktop channels and validates their arguments', async () => {
    await expect(call('desktop:get-settings')).resolves.toEqual({ result: DEFAULT_DESKTOP_SETTINGS });
    const next = { ...DEFAULT_DESKTOP_SETTINGS, alwaysOnTopOnIncoming: true };
    await expect(call('desktop:set-settings', next)).resolves.toEqual({ result: next });
    await expect(call('desktop:set-settings', { ...next, shortcuts: { answer: 'A', hangup: null, mute: null } })).resolves.toMatchObject({ error: { code: 'invalid-args', message: expect.stringMatching(/^0\.shortcuts\.answer: /) } });
    await expect(call('shortcuts:status')).resolves.toEqual({ result: [{ action: 'answer', accelerator: 'Alt+F1', state: 'conflict' }] });
    await call('calls:activity', { live: 1, incoming: { callId: 'c1', from: '13800138000' } });
    expect(s.desktop.onCallActivity).toHaveBeenCalledWith({ live: 1, incoming: { callId: 'c1', from: '13800138000' } });
    await expect(call('calls:activity', { live: -1, incoming: null })).resolves.toMatchObject({ error: { code: 'invalid-args' } });
    await call('agent:state', 'ready');
    expect(s.desktop.onAgentState).toHaveBeenCalledWith('ready');
    await expect(call('agent:state', 'on-fire')).resolves.toMatchObject({ error: { code: 'invalid-args' } });
    expect(s.desktop.onAgentState).toHaveBeenCalledTimes(1);
    await call('dial:ready', true);
    expect(s.desktop.onDialReady).toHaveBeenCalledWith(true);
    await expect(call('dial:ready', 'yes')).resolves.toMatchObject({ error: { code: 'invalid-args' } });
  });
});
