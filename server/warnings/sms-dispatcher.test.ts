import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { smsOutbox } from '../db/schema';
import { claimNext, deliverClaimed, drainOutbox, type DeliveryPolicy } from './sms-delivery';
import { startSmsDispatcher } from './sms-dispatcher';
import { httpSmsProvider } from './sms-http-provider';
import { SmsSendError, type SmsProvider } from './sms-provider';
import { deliveryPolicyOf, quickDeliveryPolicyOf, smsConfigOf } from './sms-setup';

/** A fake SMS gateway on 127.0.0.1: records every request, answers as `handle` says. */
interface FakeGateway {
  url: string;
  hits: Array<{ reference: string; to: string; body: string; authorization: string | undefined }>;
  handle: (hit: number, req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

async function startGateway(): Promise<FakeGateway> {
  const gateway = { hits: [], handle: (_n: number, _req: IncomingMessage, res: ServerResponse) => res.end('{"messageId":"gw-1"}') } as unknown as FakeGateway;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { reference: string; to: string; body: string };
      gateway.hits.push({ ...body, authorization: req.headers.authorization });
      gateway.handle(gateway.hits.length, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  gateway.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gateway;
}

/** Generous timeout (a loaded machine's first request is slow); the timeout test sets its own. */
const POLICY: DeliveryPolicy = { maxAttempts: 3, retryBaseMs: 20, sendTimeoutMs: 3_000 };

describe.each(BACKENDS)('SMS dispatch on %s', (kind) => {
  const t = useBackend(kind);
  const gateways: FakeGateway[] = [];
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((g) => g.close()));
  });
  const gateway = async () => {
    const g = await startGateway();
    gateways.push(g);
    return g;
  };
  const provider = (g: FakeGateway, timeoutMs = POLICY.sendTimeoutMs) => httpSmsProvider({ url: g.url, apiKey: 'test-key', timeoutMs });
  const queue = async (n: number) => {
    const rows = Array.from({ length: n }, (_, i) => ({ toNumber: `1380013${String(i).padStart(4, '0')}`, body: `预警短信 ${i}`, templateKey: 'sms.warning-low' }));
    return (await t.db.orm.insert(smsOutbox).values(rows).returning({ id: smsOutbox.id })).map((r) => r.id);
  };
  const outbox = () => t.rows(sql`SELECT id, status, provider, provider_message_id, error FROM sms_outbox ORDER BY created_at, id`);
  /** The one message's claim, retry and delivery columns. */
  const delivery = async () =>
    (await t.rows(sql`SELECT status, attempts, claimed_by, claimed_until IS NOT NULL AS leased, next_attempt_at > now() AS waiting, provider, provider_message_id, sent_at IS NOT NULL AS dated, error FROM sms_outbox`))[0];
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('sends through the HTTP gateway with the key, and stores its message id', async () => {
    const g = await gateway();
    const [id] = await queue(1);
    expect(await drainOutbox(t.db.orm, provider(g), { policy: POLICY })).toEqual({ sent: 1, failed: 0, released: 0 });
    expect(g.hits).toEqual([{ reference: id, to: '13800130000', body: '预警短信 0', authorization: 'Bearer test-key' }]);
    expect(await outbox()).toEqual([{ id, status: 'sent', provider: 'http', provider_message_id: 'gw-1', error: null }]);
  });

  it('retries after a 500 and sends once the gateway recovers', async () => {
    const g = await gateway();
    g.handle = (n, _req, res) => {
      res.statusCode = n === 1 ? 500 : 200;
      res.end(n === 1 ? 'overloaded' : '{"id":42}');
    };
    await queue(1);
    expect(await drainOutbox(t.db.orm, provider(g), { policy: POLICY })).toMatchObject({ sent: 1, failed: 0 });
    expect(g.hits).toHaveLength(2);
    expect(await outbox()).toEqual([expect.objectContaining({ status: 'sent', provider_message_id: '42', error: null })]);
  });

  it('gives up after the bounded tries when the gateway times out, and does not retry a refusal', async () => {
    const g = await gateway();
    g.handle = (_n, req, res) => {
      if (req.headers['idempotency-key'] === refused) {
        res.statusCode = 400;
        res.end('bad number');
      } // else: never answers
    };
    // A refusal: one try, failed at once (a long timeout: a loaded machine must not turn it into a timeout).
    const [refused] = await queue(1);
    expect(await drainOutbox(t.db.orm, provider(g), { policy: POLICY })).toMatchObject({ sent: 0, failed: 1 });
    expect(g.hits.map((h) => h.reference)).toEqual([refused]);
    // A gateway that never answers: three tries, each cut at 300 ms, then failed.
    const [slow] = await queue(1);
    const started = Date.now();
    expect(await drainOutbox(t.db.orm, provider(g, 300), { policy: { ...POLICY, sendTimeoutMs: 300 } })).toMatchObject({ sent: 0, failed: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(g.hits.filter((h) => h.reference === slow)).toHaveLength(3);
    const rows = await outbox();
    expect(rows.find((r) => r.id === slow)).toMatchObject({ status: 'failed', provider: null, error: expect.stringMatching(/try 3\/3: gateway timed out after 300 ms/) });
    expect(rows.find((r) => r.id === refused)).toMatchObject({ status: 'failed', error: expect.stringContaining('try 1/3: gateway answered 400: bad number') });
  });

  it('never sends a message twice with two dispatchers draining the same outbox', async () => {
    const g = await gateway();
    g.handle = (_n, _req, res) => setTimeout(() => res.end('{}'), 5);
    const ids = await queue(40);
    const reports: unknown[] = [];
    const dispatchers = [0, 1].map(() => startSmsDispatcher(t.db.orm, provider(g), { intervalMs: 20, policy: POLICY, report: (o) => reports.push(o) }));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await t.rows(sql`SELECT id FROM sms_outbox WHERE status = 'queued'`)).length > 0) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(dispatchers.map((d) => d.stop()));
    expect(reports.filter((r) => r instanceof Error)).toEqual([]);
    expect(g.hits.map((h) => h.reference).sort()).toEqual([...ids].sort());
    expect((await outbox()).every((r) => r.status === 'sent' && r.provider === 'http')).toBe(true);
  });

  it('leaves a failed quick try (after a request) queued for the dispatcher, claimable again after the backoff', async () => {
    const g = await gateway();
    g.handle = (n, _req, res) => {
      res.statusCode = n === 1 ? 503 : 200;
      res.end('{}');
    };
    const [id] = await queue(1);
    const quick = quickDeliveryPolicyOf(smsConfigOf({ retryBaseMs: 300, maxAttempts: 3 }));
    expect(await drainOutbox(t.db.orm, provider(g), { policy: quick })).toEqual({ sent: 0, failed: 0, released: 1 });
    expect(await outbox()).toEqual([expect.objectContaining({ id, status: 'queued', error: expect.stringContaining('503') })]);
    // Not before the backoff…
    expect(await drainOutbox(t.db.orm, provider(g), { policy: POLICY })).toEqual({ sent: 0, failed: 0, released: 0 });
    await new Promise((r) => setTimeout(r, 400));
    // …then the dispatcher's drain sends it.
    expect(await drainOutbox(t.db.orm, provider(g), { policy: deliveryPolicyOf(smsConfigOf({ retryBaseMs: 300, maxAttempts: 3 })) })).toMatchObject({ sent: 1 });
    expect(g.hits).toHaveLength(2);
  });

  it('counts attempts across claims: a retryable failure gives the claim back with a backoff, and the last allowed call fails it', async () => {
    const g = await gateway();
    g.handle = (_n, _req, res) => {
      res.statusCode = 503;
      res.end('busy');
    };
    const [id] = await queue(1);
    const policy: DeliveryPolicy = { ...POLICY, maxAttempts: 2, retryBaseMs: 200, retryInDrain: false };
    expect(await drainOutbox(t.db.orm, provider(g), { policy })).toEqual({ sent: 0, failed: 0, released: 1 });
    expect(await delivery()).toEqual({ status: 'queued', attempts: 1, claimed_by: null, leased: false, waiting: true, provider: null, provider_message_id: null, dated: false, error: 'try 1/2: gateway answered 503: busy' });
    // Not due before its backoff, whoever drains.
    expect(await drainOutbox(t.db.orm, provider(g), { policy })).toEqual({ sent: 0, failed: 0, released: 0 });
    await pause(300);
    // Claimed again (a new token): its second call is the last one allowed.
    expect(await drainOutbox(t.db.orm, provider(g), { policy })).toEqual({ sent: 0, failed: 1, released: 0 });
    expect(await delivery()).toEqual({ status: 'failed', attempts: 2, claimed_by: null, leased: false, waiting: null, provider: null, provider_message_id: null, dated: false, error: 'try 2/2: gateway answered 503: busy' });
    expect(await drainOutbox(t.db.orm, provider(g), { policy })).toEqual({ sent: 0, failed: 0, released: 0 });
    expect(g.hits.map((h) => h.reference)).toEqual([id, id]);
  });

  it('takes a message again once its holder\'s lease ended, and the late holder\'s settle changes nothing', async () => {
    const g = await gateway();
    const [id] = await queue(1);
    const stale = await claimNext(t.db.orm, 'holder-a', 50);
    expect(stale).toMatchObject({ id, attempts: 1 });
    // Held: nobody else takes it during the lease.
    expect(await claimNext(t.db.orm, 'holder-b', 60_000)).toBeNull();
    await pause(150);
    // holder-a stopped answering; holder-b takes it over, its call counted on top of a's.
    const current = await claimNext(t.db.orm, 'holder-b', 60_000);
    expect(current).toMatchObject({ id, attempts: 2 });
    const late: SmsProvider = { name: 'late', send: async () => ({ providerMessageId: 'late-1' }) };
    const refusing: SmsProvider = { name: 'late', send: async () => Promise.reject(new SmsSendError('refused', false)) };
    expect(await deliverClaimed(t.db.orm, late, stale!, 'holder-a', POLICY)).toBe('lost');
    expect(await delivery()).toMatchObject({ status: 'queued', claimed_by: 'holder-b', leased: true, provider: null, dated: false });
    expect(await deliverClaimed(t.db.orm, provider(g), current!, 'holder-b', POLICY)).toBe('sent');
    // Nor after the new holder settled.
    expect(await deliverClaimed(t.db.orm, refusing, stale!, 'holder-a', POLICY)).toBe('lost');
    expect(await delivery()).toEqual({ status: 'sent', attempts: 2, claimed_by: null, leased: false, waiting: null, provider: 'http', provider_message_id: 'gw-1', dated: true, error: null });
    // The gateway saw the same idempotency key the stale holder's call would have carried.
    expect(g.hits.map((h) => h.reference)).toEqual([id]);
  });

  it('fails, without another call, a message whose holder stopped answering during its last allowed call', async () => {
    const g = await gateway();
    await queue(1);
    expect(await claimNext(t.db.orm, 'holder-a', 30)).toMatchObject({ attempts: 1 });
    await pause(100);
    expect(await drainOutbox(t.db.orm, provider(g), { policy: { ...POLICY, maxAttempts: 1 } })).toEqual({ sent: 0, failed: 1, released: 0 });
    expect(await delivery()).toMatchObject({ status: 'failed', attempts: 1, claimed_by: null, provider: null, dated: false, error: expect.stringMatching(/try 1\/1: .*lease expired/) });
    expect(g.hits).toEqual([]);
  });

  it('leaves provider and sent_at empty until the message is sent', async () => {
    const g = await gateway();
    g.handle = (n, _req, res) => {
      res.statusCode = n === 1 ? 503 : 200;
      res.end('{"messageId":"gw-2"}');
    };
    await queue(1);
    expect(await delivery()).toMatchObject({ status: 'queued', attempts: 0, provider: null, dated: false });
    const policy: DeliveryPolicy = { ...POLICY, retryBaseMs: 50 };
    expect(await drainOutbox(t.db.orm, provider(g), { policy: { ...policy, retryInDrain: false } })).toMatchObject({ released: 1 });
    expect(await delivery()).toMatchObject({ status: 'queued', attempts: 1, provider: null, dated: false });
    await pause(100);
    expect(await drainOutbox(t.db.orm, provider(g), { policy })).toEqual({ sent: 1, failed: 0, released: 0 });
    expect(await delivery()).toEqual({ status: 'sent', attempts: 2, claimed_by: null, leased: false, waiting: null, provider: 'http', provider_message_id: 'gw-2', dated: true, error: null });
  });

  it('runs with the app: started on ready from the config, stopped on close', async () => {
    const g = await gateway();
    g.handle = (n, _req, res) => {
      res.statusCode = n === 1 ? 503 : 200;
      res.end('{}');
    };
    const app = buildApp({ db: t.db, config: { ...TEST_CONFIG, sms: { dispatchIntervalMs: 30, retryBaseMs: 20, maxAttempts: 2, gatewayUrl: g.url, gatewayApiKey: 'k', gatewayTimeoutMs: 3_000 } } });
    await app.ready();
    const [id] = await queue(1);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && g.hits.length < 2) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(await outbox()).toEqual([expect.objectContaining({ id, status: 'sent', error: null })]);
    await app.close();
    const [later] = await queue(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(g.hits.map((h) => h.reference)).toEqual([id, id]);
    expect((await outbox()).find((r) => r.id === later)).toMatchObject({ status: 'queued' });
  });

  it('answers a request that queued an SMS without waiting for the gateway: the running dispatcher sends it', async () => {
    const g = await gateway();
    g.handle = (_n, _req, res) => setTimeout(() => res.end('{"messageId":"slow-ok"}'), 1_500);
    const app = buildApp({ db: t.db, config: { ...TEST_CONFIG, sms: { dispatchIntervalMs: 60_000, gatewayUrl: g.url, gatewayApiKey: 'k', gatewayTimeoutMs: 5_000 } } });
    await app.ready();
    try {
      const instruction = { sourceId: `SMS-${Date.now()}`, grade: 'low', personName: '周九', phones: ['13700137000'], fraudType: 'fake-investment', summary: '', issuedAt: Date.now(), orgUnitCode: 'city-a' };
      const started = Date.now();
      const res = await app.inject({ method: 'POST', url: '/api/v1/ingest/warning-instructions', headers: { authorization: `Bearer ${await t.login('adminA')}` }, payload: { instructions: [instruction] } });
      expect(res.statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_500);
      // Woken at once (not after its 60 s interval), it sends the message.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await outbox())[0]?.status !== 'sent') await new Promise((r) => setTimeout(r, 50));
      expect(await outbox()).toEqual([expect.objectContaining({ status: 'sent', provider: 'http', provider_message_id: 'slow-ok' })]);
      expect(g.hits.map((h) => h.to)).toEqual(['13700137000']);
    } finally {
      await app.close();
    }
  });
});

describe('SMS settings from the environment', () => {
  it('runs the dispatcher every 5 s by default, and wants a key with a gateway URL, naming the variable', () => {
    expect(loadConfig({}).sms).toMatchObject({ dispatchIntervalMs: 5_000, maxAttempts: 3, gatewayUrl: undefined });
    expect(loadConfig({ SMS_GATEWAY_URL: 'https://sms.example/send', SMS_GATEWAY_API_KEY: 'k', SMS_DISPATCH_INTERVAL_MS: '0' }).sms).toMatchObject({ dispatchIntervalMs: 0, gatewayUrl: 'https://sms.example/send', gatewayApiKey: 'k' });
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'https://sms.example/send' })).toThrow(/SMS_GATEWAY_API_KEY: required with SMS_GATEWAY_URL/);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'ftp://sms.example', SMS_GATEWAY_API_KEY: 'k' })).toThrow(/SMS_GATEWAY_URL/);
    expect(() => loadConfig({ SMS_MAX_ATTEMPTS: '0' })).toThrow(/SMS_MAX_ATTEMPTS/);
  });
});
