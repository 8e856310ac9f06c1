import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { DEFAULT_DESKTOP_SETTINGS } from '@shared/ipc/desktop';
import { DesktopSettingsStore } from './desktop-settings';
import { configForPage, configForStorage, shouldEmbedRecordStore } from './record-store-mode';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-desktop-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DesktopSettingsStore', () => {
  it('defaults when missing, persists and publishes a valid change', async () => {
    const store = new DesktopSettingsStore(join(dir, 'desktop.json'));
    expect(await store.load()).toEqual(DEFAULT_DESKTOP_SETTINGS);
    const listener = vi.fn();
    store.onChange(listener);
    const next = { alwaysOnTopOnIncoming: true, shortcuts: { answer: 'Alt+F9', hangup: null, mute: null } };
    await store.set(next);
    expect(listener).toHaveBeenCalledWith(next);
    expect(JSON.parse(await readFile(join(dir, 'desktop.json'), 'utf8'))).toEqual(next);
    expect(await new DesktopSettingsStore(join(dir, 'desktop.json')).load()).toEqual(next);
  });

  it('refuses a bare-key shortcut and keeps the old settings', async () => {
    const store = new DesktopSettingsStore(join(dir, 'desktop.json'));
    await store.load();
    await expect(store.set({ alwaysOnTopOnIncoming: false, shortcuts: { answer: 'A', hangup: null, mute: null } })).rejects.toThrow();
    expect(store.get()).toEqual(DEFAULT_DESKTOP_SETTINGS);
  });

  it('falls back to defaults on a corrupt or invalid file', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await writeFile(join(dir, 'desktop.json'), '{"alwaysOnTopOnIncoming":"yes"}');
    expect(await new DesktopSettingsStore(join(dir, 'desktop.json')).load()).toEqual(DEFAULT_DESKTOP_SETTINGS);
    await writeFile(join(dir, 'desktop.json'), '{not json');
    expect(await new DesktopSettingsStore(join(dir, 'desktop.json')).load()).toEqual(DEFAULT_DESKTOP_SETTINGS);
    warn.mockRestore();
  });
});

describe('record store mode', () => {
  const central = { ...DEFAULT_CONFIG, recordStoreUrl: 'https://records.example:4100' };
  it('embeds only in a packaged app with no central store configured, unless told', () => {
    expect(shouldEmbedRecordStore({ env: undefined, packaged: true, config: DEFAULT_CONFIG })).toBe(true);
    expect(shouldEmbedRecordStore({ env: undefined, packaged: true, config: central })).toBe(false);
    expect(shouldEmbedRecordStore({ env: undefined, packaged: false, config: DEFAULT_CONFIG })).toBe(false);
    expect(shouldEmbedRecordStore({ env: 'embedded', packaged: false, config: central })).toBe(true);
    expect(shouldEmbedRecordStore({ env: 'central', packaged: true, config: DEFAULT_CONFIG })).toBe(false);
  });
  it('shows the embedded URL and stores the placeholder', () => {
    const url = 'http://127.0.0.1:50000';
    expect(configForPage(DEFAULT_CONFIG, url).recordStoreUrl).toBe(url);
    expect(configForPage(DEFAULT_CONFIG, null)).toBe(DEFAULT_CONFIG);
    expect(configForStorage({ ...DEFAULT_CONFIG, recordStoreUrl: url }, url)).toEqual(DEFAULT_CONFIG);
    expect(configForStorage(central, url)).toEqual(central);
  });
});
