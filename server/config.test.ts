import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_CONFIG, isLoopbackHost, loadConfig } from './config';
import { corsOriginAllowed } from './http/cors-origins';

describe('server config', () => {
  it('defaults to loopback:4100, PGlite in memory, no demo seed; the server process runs the SMS dispatcher every 5 s', () => {
    const { sms, ...rest } = loadConfig({});
    expect(rest).toEqual(DEFAULT_SERVER_CONFIG);
    expect(sms).toMatchObject({ dispatchIntervalMs: 5000, gatewayUrl: undefined });
  });

  it('reads the environment', () => {
    const config = loadConfig({ HOST: 'localhost', PORT: '0', DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', PGLITE_DIR: ' /var/lib/x ', SEED_DEMO: '1', CORS_ORIGINS: 'https://a.example, https://b.example ,' });
    expect(config).toMatchObject({ host: 'localhost', port: 0, databaseUrl: 'postgres://u@127.0.0.1:5432/db', pgliteDir: '/var/lib/x', seedDemo: true, corsOrigins: ['https://a.example', 'https://b.example'] });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SEED_DEMO: 'yes' })).toThrow(/SEED_DEMO/);
    expect(() => loadConfig({ PBX_ROUTING_SECRET: 'short' })).toThrow(/PBX_ROUTING_SECRET/);
    expect(loadConfig({ ROUTING_STRATEGY: 'fewest-calls', ROUTING_RING_MS: '8000' }).routing).toEqual({ strategy: 'fewest-calls', ringMs: 8000 });
    expect(loadConfig({ ROUTING_WRAP_UP_MS: '3000' }).routing).toEqual({ wrapUpMs: 3000 });
    expect(() => loadConfig({ ROUTING_WRAP_UP_MS: '10' })).toThrow(/ROUTING_WRAP_UP_MS/);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.10', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });

  it('allows the app, loopback and listed CORS origins only', () => {
    const allowed = corsOriginAllowed(['https://desk.example']);
    expect(['app://hotline-desk', 'http://127.0.0.1:5173', 'http://localhost', 'https://desk.example'].every(allowed)).toBe(true);
    expect(['https://evil.example', 'http://127.0.0.1.evil.example', 'app://other', undefined].some(allowed)).toBe(false);
  });
});
