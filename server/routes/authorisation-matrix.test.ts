import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, FIXTURE_PASSWORD, useBackend, type FixtureUser } from '../../test/rig/db-backends';
import { freezeRow } from '../../test/rig/freeze-builders';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';

type Who = 'anonymous' | 'call-taker' | 'supervisor' | 'admin' | 'auditor';
/** 2xx, 401, 403, 404 (allowed, resource missing), or `stream` (allowed; an SSE stream we do not open here). */
type Expect = 200 | 201 | 204 | 401 | 403 | 404 | 'stream';

const USER_OF: Record<Exclude<Who, 'anonymous'>, FixtureUser> = { 'call-taker': 'agentA1', supervisor: 'superA', admin: 'adminA', auditor: 'auditorA' };
const WHO: Who[] = ['anonymous', 'call-taker', 'supervisor', 'admin', 'auditor'];

interface Row {
  method: 'GET' | 'POST';
  /** OpenAPI path (`{id}` style) to check coverage. */
  path: string;
  request: (who: Who) => { url: string; body?: unknown };
  expect: Record<Who, Expect>;
}

const all = (status: Expect): Record<Who, Expect> => ({ anonymous: status, 'call-taker': status, supervisor: status, admin: status, auditor: status });
const signedIn = (status: Expect): Record<Who, Expect> => ({ ...all(status), anonymous: 401 });
const work = (status: Expect): Record<Who, Expect> => ({ ...signedIn(status), auditor: 403 });
const only = (roles: Who[], status: Expect): Record<Who, Expect> => Object.fromEntries(WHO.map((w) => [w, w === 'anonymous' ? 401 : roles.includes(w) ? status : 403])) as Record<Who, Expect>;

/** Every route of the record store × every role. A route missing here fails the coverage test. */
const MATRIX: Row[] = [
  { method: 'GET', path: '/api/v1/health', request: () => ({ url: '/api/v1/health' }), expect: all(200) },
  { method: 'GET', path: '/healthz', request: () => ({ url: '/healthz' }), expect: all(200) },
  { method: 'GET', path: '/readyz', request: () => ({ url: '/readyz' }), expect: all(200) },
  { method: 'GET', path: '/metrics', request: () => ({ url: '/metrics' }), expect: all(200) },
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    request: (who) => ({ url: '/api/v1/auth/login', body: { username: who === 'anonymous' ? 'nobody' : USER_OF[who], password: FIXTURE_PASSWORD } }),
    expect: signedIn(200),
  },
  { method: 'GET', path: '/api/v1/auth/me', request: () => ({ url: '/api/v1/auth/me' }), expect: signedIn(200) },
  { method: 'POST', path: '/api/v1/auth/logout', request: () => ({ url: '/api/v1/auth/logout' }), expect: signedIn(204) },
  { method: 'POST', path: '/api/v1/sync/push', request: () => ({ url: '/api/v1/sync/push', body: batch([upsert(callRecord())]) }), expect: work(200) },
  { method: 'GET', path: '/api/v1/sync/pull', request: () => ({ url: '/api/v1/sync/pull?cursor=0' }), expect: work(200) },
  { method: 'GET', path: '/api/v1/sync/events', request: () => ({ url: '/api/v1/sync/events' }), expect: work('stream') },
  { method: 'POST', path: '/api/v1/ingest/freeze-records', request: () => ({ url: '/api/v1/ingest/freeze-records', body: { records: [freezeRow()] } }), expect: only(['admin'], 200) },
  { method: 'POST', path: '/api/v1/freeze-records/lookup', request: () => ({ url: '/api/v1/freeze-records/lookup', body: { by: 'phone', value: '13800135678' } }), expect: only(['call-taker', 'supervisor'], 200) },
  {
    method: 'POST',
    path: '/api/v1/freeze-records/{id}/reveal',
    request: () => ({ url: `/api/v1/freeze-records/${randomUUID()}/reveal`, body: { field: 'phone', reason: '核实来电人身份' } }),
    expect: only(['call-taker', 'supervisor'], 404),
  },
  { method: 'GET', path: '/api/v1/templates', request: () => ({ url: '/api/v1/templates' }), expect: work(200) },
  { method: 'GET', path: '/api/v1/templates/{key}/versions', request: () => ({ url: '/api/v1/templates/no.such/versions' }), expect: work(404) },
  {
    method: 'POST',
    path: '/api/v1/templates',
    request: () => ({ url: '/api/v1/templates', body: { key: 'matrix.test', channel: 'script', scenario: 'general', fraudType: null, title: '测试', body: '测试' } }),
    expect: only(['admin'], 201),
  },
  { method: 'GET', path: '/api/v1/audit', request: () => ({ url: '/api/v1/audit' }), expect: only(['auditor'], 200) },
  {
    method: 'POST',
    path: '/api/v1/ingest/warning-instructions',
    request: () => ({
      url: '/api/v1/ingest/warning-instructions',
      body: { instructions: [{ sourceId: `M-${randomUUID()}`, grade: 'medium', personName: '测试', phones: ['13800138000'], fraudType: 'other', issuedAt: 1_767_225_600_000, orgUnitCode: 'city-a' }] },
    }),
    expect: only(['admin'], 200),
  },
  { method: 'GET', path: '/api/v1/warning-config', request: () => ({ url: '/api/v1/warning-config' }), expect: work(200) },
  { method: 'GET', path: '/api/v1/warning-stations', request: () => ({ url: '/api/v1/warning-stations' }), expect: work(200) },
  { method: 'GET', path: '/api/v1/warning-instructions', request: () => ({ url: '/api/v1/warning-instructions' }), expect: work(200) },
  { method: 'POST', path: '/api/v1/warning-instructions/{id}/transition', request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/transition`, body: { action: 'sign', expectedState: 'issued' } }), expect: work(404) },
  {
    method: 'POST',
    path: '/api/v1/warning-instructions/{id}/attempts',
    request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/attempts`, body: { at: 1_767_225_600_000, channel: 'call', number: '13800138000', result: 'busy' } }),
    expect: work(404),
  },
  {
    method: 'POST',
    path: '/api/v1/warning-instructions/{id}/contacts',
    request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/contacts`, body: { at: 1_767_225_600_000, relation: '母亲', name: '测试', number: '13800138000', result: 'busy' } }),
    expect: work(404),
  },
  {
    method: 'POST',
    path: '/api/v1/warning-instructions/{id}/visit',
    request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/visit`, body: { officer: '张', metAt: 1_767_225_600_000, place: '某地', result: 'met-dissuaded' } }),
    expect: work(404),
  },
  { method: 'GET', path: '/api/v1/screen-pop', request: () => ({ url: '/api/v1/screen-pop?number=13800138000' }), expect: only(['call-taker', 'supervisor'], 200) },
  { method: 'GET', path: '/api/v1/history/search', request: () => ({ url: '/api/v1/history/search?number=13800138000' }), expect: only(['call-taker', 'supervisor'], 200) },
  { method: 'GET', path: '/api/v1/supervisor/board', request: () => ({ url: '/api/v1/supervisor/board' }), expect: only(['supervisor'], 200) },
  { method: 'GET', path: '/api/v1/supervisor/workload', request: () => ({ url: '/api/v1/supervisor/workload?date=2026-11-21' }), expect: only(['supervisor'], 200) },
  {
    method: 'POST',
    path: '/api/v1/warning-instructions/{id}/reassign',
    request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/reassign`, body: { assigneeId: randomUUID(), reason: '换人' } }),
    expect: only(['supervisor'], 404),
  },
];

describe.each(BACKENDS)('role × endpoint authorisation on %s', (kind) => {
  const t = useBackend(kind);

  it('covers every route in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/api/v1/openapi.json');
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = new Set(MATRIX.map((r) => `${r.method} ${r.path}`));
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('answers each role as the matrix says', async () => {
    const seen: string[] = [];
    const wanted: string[] = [];
    for (const row of MATRIX) {
      for (const who of WHO) {
        const expected = row.expect[who];
        // An allowed SSE request would stay open; its allowance is tested by the events suite.
        if (expected === 'stream') continue;
        const token = who === 'anonymous' ? undefined : await t.login(USER_OF[who]);
        const { url, body } = row.request(who);
        const res = await t.call(row.method, url, { token, body });
        seen.push(`${row.method} ${row.path} as ${who}: ${res.status}`);
        wanted.push(`${row.method} ${row.path} as ${who}: ${expected}`);
      }
    }
    // One comparison, so a failure lists every cell that differs.
    expect(seen).toEqual(wanted);
  });
});
