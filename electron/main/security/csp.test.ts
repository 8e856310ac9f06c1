import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { buildContentSecurityPolicy, cspOrigin } from './csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

const config = { recordStoreUrl: 'https://records.96110.example:8443/api', sipWsUrl: 'wss://pbx.96110.example/ws' };

describe('buildContentSecurityPolicy', () => {
  const csp = buildContentSecurityPolicy(config);
  const d = directives(csp);

  it('has the fixed directives', () => {
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(d.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(d.get('font-src')).toEqual(["'self'", 'data:']);
    expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });

  it('connects only to itself and the configured origins (paths dropped)', () => {
    expect(d.get('connect-src')).toEqual(["'self'", 'https://records.96110.example:8443', 'wss://pbx.96110.example']);
  });

  it('uses the demo defaults', () => {
    expect(directives(buildContentSecurityPolicy(DEFAULT_CONFIG)).get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:4100', 'ws://127.0.0.1:8088']);
  });

  it('never allows eval, inline scripts or wildcards', () => {
    expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/);
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain('*');
    for (const values of d.values()) for (const v of values) expect(['http:', 'https:', 'ws:', 'wss:', 'app:']).not.toContain(v);
  });

  it.each([
    ['wildcard host', { recordStoreUrl: 'http://*.evil.example', sipWsUrl: 'ws://127.0.0.1:8088' }],
    ['directive injection', { recordStoreUrl: 'http://evil;script-src', sipWsUrl: 'ws://127.0.0.1:8088' }],
    ['quote injection', { recordStoreUrl: "http://a',b", sipWsUrl: 'ws://127.0.0.1:8088' }],
    ['wrong scheme for the record store', { recordStoreUrl: 'javascript:alert(1)', sipWsUrl: 'ws://127.0.0.1:8088' }],
    ['ws as the record store', { recordStoreUrl: 'ws://evil.example', sipWsUrl: 'ws://127.0.0.1:8088' }],
    ['http as SIP', { recordStoreUrl: 'http://127.0.0.1:4100', sipWsUrl: 'https://evil.example' }],
  ])('leaves out an unsafe configured origin (%s)', (_name, targets) => {
    const result = buildContentSecurityPolicy(targets);
    expect(result).not.toMatch(/unsafe-eval|\*|evil/);
    expect(result.split(';').map((p) => p.trim().split(' ')[0])).toEqual([...directives(csp).keys()]);
  });
});

describe('cspOrigin', () => {
  it('keeps IPv6 literals and ports', () => {
    expect(cspOrigin('http://[::1]:4100/x', ['http'])).toBe('http://[::1]:4100');
  });
  it('refuses credentials', () => {
    expect(cspOrigin('https://u:p@records.example', ['https'])).toBeNull();
  });
});
