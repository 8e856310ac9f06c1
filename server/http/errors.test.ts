import { describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { HealthResponseSchema } from '../../shared/schemas/health';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';

describe.each(BACKENDS)('HTTP edge cases on %s', (kind) => {
  const t = useBackend(kind);
  const raw = (options: { url?: string; method?: 'GET' | 'POST'; payload?: string; headers?: Record<string, string> }) =>
    t.app.inject({ method: options.method ?? 'POST', url: options.url ?? '/api/v1/sync/push', payload: options.payload, headers: options.headers });

  it('answers malformed JSON with 400 `malformed`', async () => {
    const token = await t.login('agentA1');
    const res = await raw({ payload: '{"clientId": ', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(ApiErrorSchema.parse(res.json())).toMatchObject({ error: 'malformed', message: expect.stringContaining('JSON') });
  });

  it('answers an oversized body with 413 and writes nothing', async () => {
    const token = await t.login('agentA1');
    const huge = JSON.stringify(batch([upsert(callRecord({ sipCallId: 'x'.repeat(200) }))])).replace('"clientId"', `"padding":"${'p'.repeat(2_200_000)}","clientId"`);
    const res = await raw({ payload: huge, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'too-large', message: expect.any(String) });
    expect(await t.count('change_log')).toBe(0);
  });

  it('answers a missing token with 401 before looking at the body', async () => {
    const res = await raw({ payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('answers unknown routes with 404 and a wrong content type with 415', async () => {
    const missing = await raw({ method: 'GET', url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not-found' });
    const token = await t.login('agentA1');
    const text = await raw({ payload: '<push/>', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' } });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toBe('unsupported-media-type');
  });

  it('never answers 500 to hostile bodies', async () => {
    const token = await t.login('agentA1');
    const bodies = ['null', '[]', '"x"', '{"clientId":null}', '{"mutations":[null]}', '{"__proto__":{"x":1}}', '{"mutations":{"length":1}}', ''];
    for (const payload of bodies) {
      const res = await raw({ payload, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
      expect(res.statusCode, payload).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, payload).toBeLessThan(500);
      expect(ApiErrorSchema.safeParse(res.json()).success, payload).toBe(true);
    }
  });

  it('serves health (no auth) naming the engine, and an OpenAPI document', async () => {
    const health = await t.call('GET', '/api/v1/health');
    expect(health.status).toBe(200);
    expect(HealthResponseSchema.parse(health.body).db).toBe(kind);
    const doc = await t.call('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/sync/push', '/api/v1/sync/pull', '/api/v1/health']));
    expect(doc.body.paths['/api/v1/sync/push'].post.requestBody).toBeDefined();
  });

  it('sends CORS headers to the app and loopback origins only', async () => {
    const preflight = (origin: string) =>
      t.app.inject({ method: 'OPTIONS', url: '/api/v1/sync/push', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    for (const origin of ['app://hotline-desk', 'http://127.0.0.1:5173', 'http://localhost:4173']) {
      const res = await preflight(origin);
      expect(res.statusCode, origin).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
    }
    const evil = await preflight('https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    // Error answers carry CORS headers too, or a browser client could not read them.
    const denied = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { origin: 'app://hotline-desk' } });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe('app://hotline-desk');
  });
});
