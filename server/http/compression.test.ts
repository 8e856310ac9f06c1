import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import { append, batch, callRecord, noteSegment, upsert } from '../../test/rig/mutation-builders';
import { openSse } from '../../test/rig/sse-client';

// Compressed responses (issue 18): negotiated per request, and never on the event stream,
// where a compressor would hold pokes back until its buffer fills.
describe('response compression', () => {
  const t = useBackend('pglite');

  it('answers a pull in brotli or gzip as negotiated, and plain without Accept-Encoding', async () => {
    const token = await t.login('agentA1');
    const records = Array.from({ length: 5 }, () => callRecord());
    const pushed = await t.call('POST', '/api/v1/sync/push', { token, body: batch([...records.map((r) => upsert(r)), ...records.map((r) => append(noteSegment(r.id, { text: 'x'.repeat(400) })))]) });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    const pull = (acceptEncoding?: string) => t.app.inject({ method: 'GET', url: '/api/v1/sync/pull?cursor=0', headers: { authorization: `Bearer ${token}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) } });

    const plain = await pull();
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body).changes.length).toBe(10);

    const br = await pull('br, gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);

    const gzip = await pull('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('never compresses the event stream: the first frame arrives at once, uncompressed', async () => {
    const token = await t.login('agentA1');
    // A listening app of its own (a stream needs a socket) on the block's database.
    const app = buildApp({ db: t.db, config: TEST_CONFIG });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      // fetch (undici) offers gzip, deflate and br on its own.
      const stream = await openSse(`${base}/api/v1/sync/events`, token, undefined, { 'accept-encoding': 'br, gzip' });
      try {
        expect(stream.status).toBe(200);
        expect(stream.headers.get('content-encoding')).toBeNull();
        const record = callRecord();
        const other = await t.login('agentA2');
        expect((await t.call('POST', '/api/v1/sync/push', { token: other, body: batch([upsert(record)]) })).status).toBe(200);
        await stream.waitFor((f) => f.event === 'poke');
      } finally {
        stream.close();
      }
    } finally {
      await app.close();
    }
  });
});
