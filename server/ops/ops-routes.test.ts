import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';

describe.each(BACKENDS)('operations endpoints on %s', (kind) => {
  const t = useBackend(kind);

  it('/healthz and /readyz answer ok without signing in', async () => {
    expect((await t.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/readyz')).body).toEqual({ status: 'ok' });
  });

  it('/readyz answers 503 with a message when the database does not, /healthz stays 200', async () => {
    const ping = t.db.ping.bind(t.db);
    t.db.ping = () => Promise.reject(new Error('connection refused'));
    try {
      const ready = await t.call('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ error: 'unavailable' });
      expect((await t.call('GET', '/healthz')).status).toBe(200);
    } finally {
      t.db.ping = ping;
    }
  });

  it('/metrics counts requests by route pattern, never by raw URL', async () => {
    const healthzCount = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).not.toContain('13800138000');
      return Number(/hotline_http_requests_total\{method="GET",route="\/healthz",status="200"\} (\d+)/.exec(res.body)?.[1] ?? 0);
    };
    const before = await healthzCount();
    await t.call('GET', '/api/v1/warning-instructions/13800138000');
    await t.call('GET', '/healthz');
    await t.call('GET', '/healthz');
    // The number in the path must not appear as a label value (checked in healthzCount).
    expect(await healthzCount()).toBe(before + 2);
  });
});
