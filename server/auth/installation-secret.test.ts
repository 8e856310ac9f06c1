import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { RecordStoreClient, RecordStoreHttpError } from '../../renderer/src/sync/record-store-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { INSTALLATION_SECRET_HEADER } from '../../shared/ipc/record-store';
import { FIXTURE_PASSWORD, TEST_CONFIG, useBackend } from '../../test/rig/db-backends';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { secretMatches } from './installation-secret';

const SECRET = 'a1'.repeat(32);

// One backend is enough: the check runs before any route touches the database.
describe('installation secret (embedded record store)', () => {
  const t = useBackend('pglite');
  let app: FastifyInstance;
  beforeAll(async () => {
    app = buildApp({ db: t.db, config: { ...TEST_CONFIG, installationSecret: SECRET } });
    await app.ready();
  });
  afterAll(() => app.close());

  const login = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username: 'agentA1', password: FIXTURE_PASSWORD } });

  it('refuses a request without the secret with 401 and a message naming the header, before the route runs', async () => {
    const answer = await login({});
    expect(answer.statusCode).toBe(401);
    const body = ApiErrorSchema.parse(answer.json());
    expect(body.error).toBe('unauthorized');
    expect(body.message).toContain(INSTALLATION_SECRET_HEADER);
    // The login route never ran: no audit event of an attempt.
    expect(await t.count("audit_events WHERE action LIKE 'login%'")).toBe(0);
  });

  it('refuses a wrong secret, one of another length, and the secret in a different case', async () => {
    for (const wrong of ['b2'.repeat(32), SECRET.slice(0, 10), SECRET.toUpperCase(), `${SECRET}x`]) {
      expect((await login({ [INSTALLATION_SECRET_HEADER]: wrong })).statusCode).toBe(401);
    }
  });

  it('serves a request with the right secret, and the session check still applies after it', async () => {
    const answer = await login({ [INSTALLATION_SECRET_HEADER]: SECRET });
    expect(answer.statusCode).toBe(200);
    const token = answer.json().token as string;
    const withBoth = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { [INSTALLATION_SECRET_HEADER]: SECRET, authorization: `Bearer ${token}` } });
    expect(withBoth.statusCode).toBe(200);
    // A valid session token is not enough on its own.
    const tokenOnly = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(tokenOnly.statusCode).toBe(401);
    expect(tokenOnly.json().message).toContain(INSTALLATION_SECRET_HEADER);
    const secretOnly = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { [INSTALLATION_SECRET_HEADER]: SECRET } });
    expect(secretOnly.statusCode).toBe(401);
    expect(secretOnly.json().message).not.toContain(INSTALLATION_SECRET_HEADER);
  });

  it('also guards the OpenAPI document and unknown paths, but not the health probe', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/nope' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/health?x=1' })).statusCode).toBe(200);
  });

  it('lets the app page send the header (CORS) and gives a refusal CORS headers, so the page sees a 401', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'app://hotline-desk', 'access-control-request-method': 'POST', 'access-control-request-headers': `content-type,${INSTALLATION_SECRET_HEADER}` },
    });
    expect(preflight.statusCode).toBeLessThan(300);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain(INSTALLATION_SECRET_HEADER);
    const refused = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { origin: 'app://hotline-desk' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('app://hotline-desk');
  });

  it('the renderer\'s client sends the secret it was given on every call, including the event stream', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const bare = new RecordStoreClient(url);
    const refused = await bare.login({ username: 'agentA1', password: FIXTURE_PASSWORD }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RecordStoreHttpError);
    expect((refused as RecordStoreHttpError).status).toBe(401);
    const client = new RecordStoreClient(url);
    client.setInstallationSecret(SECRET);
    const session = await client.login({ username: 'agentA1', password: FIXTURE_PASSWORD });
    client.setToken(session.token);
    expect((await client.me()).username).toBe('agentA1');
    const abort = new AbortController();
    const stream = await client.openEvents(null, abort.signal);
    expect(stream).toBeTruthy();
    abort.abort();
    client.setInstallationSecret(null);
    await expect(client.me()).rejects.toMatchObject({ status: 401 });
  });

  it('is off without a configured secret (central stores use sessions only)', async () => {
    expect((await t.call('POST', '/api/v1/auth/login', { body: { username: 'agentA1', password: FIXTURE_PASSWORD } })).status).toBe(200);
  });
});

describe('installation secret configuration', () => {
  it('reads RECORD_STORE_SECRET and refuses a short one', () => {
    expect(loadConfig({}).installationSecret).toBeUndefined();
    expect(loadConfig({ RECORD_STORE_SECRET: ` ${SECRET} ` }).installationSecret).toBe(SECRET);
    expect(() => loadConfig({ RECORD_STORE_SECRET: 'short' })).toThrow(/RECORD_STORE_SECRET/);
  });

  it('compares in constant time without length or type shortcuts going wrong', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches(SECRET, undefined)).toBe(false);
    expect(secretMatches(SECRET, '')).toBe(false);
    expect(secretMatches(SECRET, `${SECRET} `)).toBe(false);
  });
});
