import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { readWebConfig, writeWebConfig } from './web-config';

const storage = (value: string | null = null) => {
  const map = new Map<string, string>();
  if (value !== null) map.set('hotline-desk.config', value);
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
};

describe('web config', () => {
  it('falls back to defaults', () => {
    expect(readWebConfig('', storage())).toEqual(DEFAULT_CONFIG);
  });
  it('takes URL overrides', () => {
    const c = readWebConfig('?recordStore=http://127.0.0.1:5000&sipWs=ws://127.0.0.1:9000&lang=en', storage());
    expect(c).toMatchObject({ recordStoreUrl: 'http://127.0.0.1:5000', sipWsUrl: 'ws://127.0.0.1:9000', locale: 'en' });
  });
  it('ignores an invalid override as a whole', () => {
    expect(readWebConfig('?recordStore=javascript:alert(1)&lang=en', storage())).toEqual(DEFAULT_CONFIG);
  });
  it('survives corrupt stored settings and round-trips valid ones', () => {
    expect(readWebConfig('', storage('{not json'))).toEqual(DEFAULT_CONFIG);
    const s = storage();
    writeWebConfig({ ...DEFAULT_CONFIG, locale: 'en' }, s);
    expect(readWebConfig('', s).locale).toBe('en');
    expect(() => writeWebConfig({ ...DEFAULT_CONFIG, sipWsUrl: 'http://x' }, s)).toThrow();
  });
});
