import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { SettingsStore } from './settings';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settings-'));
  file = join(dir, 'settings.json');
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const custom = { recordStoreUrl: 'https://records.example', sipWsUrl: 'wss://pbx.example/ws', sipDomain: 'pbx.example', locale: 'en' as const, dtmfMode: 'info' as const };

describe('SettingsStore', () => {
  it('uses the defaults without a file', async () => {
    await expect(new SettingsStore(file).load()).resolves.toEqual(DEFAULT_CONFIG);
  });

  it('persists and reloads a valid config', async () => {
    const store = new SettingsStore(file);
    await store.load();
    await expect(store.set(custom)).resolves.toEqual(custom);
    expect(store.get()).toEqual(custom);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(custom);
    await expect(new SettingsStore(file).load()).resolves.toEqual(custom);
  });

  it('refuses an invalid config and keeps the old one', async () => {
    const store = new SettingsStore(file);
    await store.set(custom);
    await expect(store.set({ ...custom, recordStoreUrl: 'file:///etc/passwd' })).rejects.toThrow();
    expect(store.get()).toEqual(custom);
    await expect(new SettingsStore(file).load()).resolves.toEqual(custom);
  });

  it.each(['{broken', JSON.stringify({ ...DEFAULT_CONFIG, sipWsUrl: 'http://not-ws' }), '[]', 'null'])('falls back to the defaults for a bad file: %s', async (content) => {
    await writeFile(file, content);
    await expect(new SettingsStore(file).load()).resolves.toEqual(DEFAULT_CONFIG);
  });

  it('fills defaults for optional fields', async () => {
    const { locale: _locale, dtmfMode: _dtmfMode, ...withoutOptional } = custom;
    await writeFile(file, JSON.stringify(withoutOptional));
    await expect(new SettingsStore(file).load()).resolves.toEqual({ ...withoutOptional, locale: 'zh-CN', dtmfMode: 'rfc4733' });
  });

  it('tells listeners after a change', async () => {
    const store = new SettingsStore(file);
    const listener = vi.fn();
    const off = store.onChange(listener);
    await store.set(custom);
    expect(listener).toHaveBeenCalledWith(custom);
    off();
    await store.set(DEFAULT_CONFIG);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
