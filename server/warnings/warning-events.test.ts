import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import { openSse, type SseFrame, type SseTestClient } from '../../test/rig/sse-client';
import { buildApp } from '../app';

const HEARTBEAT_MS = 100;
const isPoke = (f: SseFrame) => f.event === 'poke';

describe.each(BACKENDS)('warning instructions reach the right unit live on %s', (kind) => {
  const t = useBackend(kind);
  let app: FastifyInstance;
  let base: string;
  const open: SseTestClient[] = [];

  beforeAll(async () => {
    app = buildApp({ db: t.db, config: { ...TEST_CONFIG, sseHeartbeatMs: HEARTBEAT_MS } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterEach(() => open.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await app?.close();
  });

  it('pokes the responsible unit’s streams within a second of ingest, and not another unit’s; the pull then carries it', async () => {
    const [a1, b1, admin] = [await t.login('agentA1'), await t.login('agentB1'), await t.login('adminA')];
    const streamA = await openSse(`${base}/api/v1/sync/events`, a1);
    const streamB = await openSse(`${base}/api/v1/sync/events`, b1);
    open.push(streamA, streamB);
    await streamA.waitFor((f) => f.comment === 'heartbeat');
    await streamB.waitFor((f) => f.comment === 'heartbeat');

    const started = Date.now();
    const ingested = await t.call('POST', '/api/v1/ingest/warning-instructions', {
      token: admin,
      body: { instructions: [{ sourceId: 'CITY-LIVE-1', grade: 'high', personName: '赵六', phones: ['13500135000'], fraudType: 'impersonating-police-government', issuedAt: started, orgUnitCode: 'district-b' }] },
    });
    expect(ingested.body.created).toBe(1);
    const poke = await streamB.waitFor(isPoke, 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    const pull = await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: b1 });
    expect(pull.body.changes).toEqual([expect.objectContaining({ entity: 'warningInstruction', id: ingested.body.rows[0].id })]);
    expect(poke.id).toBe(String(pull.body.cursor));

    // A heartbeat later, unit A has heard nothing.
    await streamA.waitFor((f) => f.comment === 'heartbeat', 2000, streamA.frames.length);
    expect(streamA.frames.filter(isPoke)).toEqual([]);
  });
});
