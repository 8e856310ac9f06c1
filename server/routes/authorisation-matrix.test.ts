import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RoleSchema, type Role } from '../../shared/schemas/auth';
import { BACKENDS, FIXTURE_PASSWORD, useBackend } from '../../test/rig/db-backends';
import { addExtraRoles, loginAs } from '../../test/rig/extra-roles';
import { freezeRow } from '../../test/rig/freeze-builders';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';

type Who = 'anonymous' | Role;
/** 2xx, 400 (allowed, refused on its merits), 401, 403, 404 (allowed, resource missing), or `stream` (allowed; an SSE stream we do not open here). */
type Expect = 200 | 201 | 204 | 400 | 401 | 403 | 404 | 'stream';

const ROLES: readonly Role[] = RoleSchema.options;
const WHO: Who[] = ['anonymous', ...ROLES];
/** One user per role: the base fixture's, plus the extra roles' (test/rig/extra-roles.ts). */
const USER_OF: Record<Role, string> = {
  'call-taker': 'agentA1',
  'warning-officer': 'warnA',
  supervisor: 'superA',
  'station-officer': 'stationA1',
  admin: 'adminA',
  auditor: 'auditorA',
};

interface Row {
  method: 'GET' | 'POST';
  /** OpenAPI path (`{id}` style) to check coverage. */
  path: string;
  request: (who: Who) => { url: string; body?: unknown };
  expect: Record<Who, Expect>;
}

const all = (status: Expect): Record<Who, Expect> => Object.fromEntries(WHO.map((w) => [w, status])) as Record<Who, Expect>;
const signedIn = (status: Expect): Record<Who, Expect> => ({ ...all(status), anonymous: 401 });
const only = (roles: readonly Role[], status: Expect): Record<Who, Expect> =>
  Object.fromEntries(WHO.map((w) => [w, w === 'anonymous' ? 401 : (roles as readonly string[]).includes(w) ? status : 403])) as Record<Who, Expect>;

const CALL: Role[] = ['call-taker', 'supervisor'];
const DESK: Role[] = ['call-taker', 'warning-officer', 'supervisor'];
const WARNING_READ: Role[] = [...DESK, 'station-officer'];
const ADMIN: Role[] = ['admin'];

/**
 * Every route of the record store × every role: the executable form of the README's role ×
 * action table (which the last test compares with this). A route missing here fails the coverage test.
 */
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
  // A wrong current password: allowed, refused on its merits (the real change is tested in user-admin.test.ts).
  { method: 'POST', path: '/api/v1/auth/password', request: () => ({ url: '/api/v1/auth/password', body: { currentPassword: 'not the password', newPassword: 'a new long password' } }), expect: signedIn(400) },
  { method: 'POST', path: '/api/v1/auth/logout', request: () => ({ url: '/api/v1/auth/logout' }), expect: signedIn(204) },
  { method: 'POST', path: '/api/v1/sync/push', request: () => ({ url: '/api/v1/sync/push', body: batch([upsert(callRecord())]) }), expect: only(DESK, 200) },
  { method: 'GET', path: '/api/v1/sync/pull', request: () => ({ url: '/api/v1/sync/pull?cursor=0' }), expect: only(DESK, 200) },
  { method: 'GET', path: '/api/v1/sync/events', request: () => ({ url: '/api/v1/sync/events' }), expect: { ...only(DESK, 'stream') } },
  { method: 'POST', path: '/api/v1/ingest/freeze-records', request: () => ({ url: '/api/v1/ingest/freeze-records', body: { records: [freezeRow()] } }), expect: only(ADMIN, 200) },
  { method: 'POST', path: '/api/v1/freeze-records/lookup', request: () => ({ url: '/api/v1/freeze-records/lookup', body: { by: 'phone', value: '13800135678' } }), expect: only(CALL, 200) },
  {
    method: 'POST',
    path: '/api/v1/freeze-records/{id}/reveal',
    request: () => ({ url: `/api/v1/freeze-records/${randomUUID()}/reveal`, body: { field: 'phone', reason: '核实来电人身份' } }),
    expect: only(CALL, 404),
  },
  { method: 'GET', path: '/api/v1/templates', request: () => ({ url: '/api/v1/templates' }), expect: only([...DESK, ...ADMIN], 200) },
  { method: 'GET', path: '/api/v1/templates/{key}/versions', request: () => ({ url: '/api/v1/templates/no.such/versions' }), expect: only([...DESK, ...ADMIN], 404) },
  {
    method: 'POST',
    path: '/api/v1/templates',
    request: () => ({ url: '/api/v1/templates', body: { key: 'matrix.test', channel: 'script', scenario: 'general', fraudType: null, title: '测试', body: '测试' } }),
    expect: only(ADMIN, 201),
  },
  { method: 'GET', path: '/api/v1/audit', request: () => ({ url: '/api/v1/audit' }), expect: only(['auditor'], 200) },
  {
    method: 'POST',
    path: '/api/v1/ingest/warning-instructions',
    request: () => ({
      url: '/api/v1/ingest/warning-instructions',
      body: { instructions: [{ sourceId: `M-${randomUUID()}`, grade: 'medium', personName: '测试', phones: ['13800138000'], fraudType: 'other', issuedAt: 1_767_225_600_000, orgUnitCode: 'city-a' }] },
    }),
    expect: only(ADMIN, 200),
  },
  { method: 'GET', path: '/api/v1/warning-config', request: () => ({ url: '/api/v1/warning-config' }), expect: only(WARNING_READ, 200) },
  { method: 'GET', path: '/api/v1/warning-stations', request: () => ({ url: '/api/v1/warning-stations' }), expect: only(DESK, 200) },
  { method: 'GET', path: '/api/v1/warning-instructions', request: () => ({ url: '/api/v1/warning-instructions' }), expect: only(WARNING_READ, 200) },
  { method: 'POST', path: '/api/v1/warning-instructions/{id}/transition', request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/transition`, body: { action: 'sign', expectedState: 'issued' } }), expect: only(DESK, 404) },
  { method: 'POST', path: '/api/v1/warning-instructions/{id}/take-over', request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/take-over`, body: {} }), expect: only(DESK, 404) },
  {
    method: 'POST',
    path: '/api/v1/warning-instructions/{id}/attempts',
    request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/attempts`, body: { at: 1_767_225_600_000, channel: 'call', number: '13800138000', result: 'busy' } }),
    expect: only(DESK, 404),
  },
  {
    method: 'POST',
    path: '/api/v1/warning-instructions/{id}/contacts',
    request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/contacts`, body: { at: 1_767_225_600_000, relation: '母亲', name: '测试', number: '13800138000', result: 'busy' } }),
    expect: only(DESK, 404),
  },
  {
    method: 'POST',
    path: '/api/v1/warning-instructions/{id}/visit',
    request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/visit`, body: { officer: '张', metAt: 1_767_225_600_000, place: '某地', result: 'met-dissuaded' } }),
    expect: only(WARNING_READ, 404),
  },
  { method: 'GET', path: '/api/v1/screen-pop', request: () => ({ url: '/api/v1/screen-pop?number=13800138000' }), expect: only(CALL, 200) },
  { method: 'GET', path: '/api/v1/history/search', request: () => ({ url: '/api/v1/history/search?number=13800138000' }), expect: only(CALL, 200) },
  { method: 'GET', path: '/api/v1/supervisor/board', request: () => ({ url: '/api/v1/supervisor/board' }), expect: only(['supervisor'], 200) },
  { method: 'GET', path: '/api/v1/supervisor/workload', request: () => ({ url: '/api/v1/supervisor/workload?date=2026-11-21' }), expect: only(['supervisor'], 200) },
  {
    method: 'POST',
    path: '/api/v1/warning-instructions/{id}/reassign',
    request: () => ({ url: `/api/v1/warning-instructions/${randomUUID()}/reassign`, body: { assigneeId: randomUUID(), reason: '换人' } }),
    expect: only(['supervisor'], 404),
  },
  { method: 'GET', path: '/api/v1/users', request: () => ({ url: '/api/v1/users' }), expect: only(ADMIN, 200) },
  { method: 'POST', path: '/api/v1/users/{id}/disable', request: () => ({ url: `/api/v1/users/${randomUUID()}/disable`, body: { reason: '离职' } }), expect: only(ADMIN, 404) },
  { method: 'POST', path: '/api/v1/users/{id}/enable', request: () => ({ url: `/api/v1/users/${randomUUID()}/enable` }), expect: only(ADMIN, 404) },
  { method: 'POST', path: '/api/v1/users/{id}/password', request: () => ({ url: `/api/v1/users/${randomUUID()}/password`, body: { newPassword: 'a new long password' } }), expect: only(ADMIN, 404) },
  { method: 'POST', path: '/api/v1/users/{id}/sip-password', request: () => ({ url: `/api/v1/users/${randomUUID()}/sip-password`, body: { sipPassword: 'a phone password' } }), expect: only(ADMIN, 404) },
  // The PBX's credential look-up: no user session is enough, only the PBX secret (not configured here: 401 for all).
  { method: 'GET', path: '/api/v1/pbx/credentials/{username}', request: () => ({ url: '/api/v1/pbx/credentials/1001' }), expect: all(401) },
  { method: 'GET', path: '/api/v1/routing/queue', request: () => ({ url: '/api/v1/routing/queue' }), expect: only(['supervisor'], 200) },
  { method: 'GET', path: '/api/v1/routing/callbacks', request: () => ({ url: '/api/v1/routing/callbacks' }), expect: only(CALL, 200) },
  { method: 'POST', path: '/api/v1/routing/callbacks/attempts', request: () => ({ url: '/api/v1/routing/callbacks/attempts', body: { number: '13800138000', result: 'busy' } }), expect: only(CALL, 200) },
  // The PBX's interface: no user session; a PBX secret or (as here, inject is loopback) the loopback address.
  { method: 'POST', path: '/api/v1/routing/next', request: () => ({ url: '/api/v1/routing/next', body: { callId: 'matrix-1', caller: '13800138000' } }), expect: all(200) },
  { method: 'POST', path: '/api/v1/routing/next/text', request: () => ({ url: '/api/v1/routing/next/text', body: { callId: 'matrix-2', caller: '13800138000' } }), expect: all(200) },
  { method: 'POST', path: '/api/v1/routing/report', request: () => ({ url: '/api/v1/routing/report', body: { callId: 'matrix-3', outcome: 'abandoned' } }), expect: all(200) },
];

/** `✓` cells of the README's role table: `METHOD /path` → roles allowed. */
function readmeTable(): Map<string, Set<string>> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const lines = readme.split('\n');
  const header = lines.findIndex((l) => /^\|\s*Route\s*\|/.test(l) && ROLES.every((r) => l.includes(` ${r} `)));
  if (header < 0) return new Map();
  const columns = (lines[header] as string).split('|').map((c) => c.trim());
  const table = new Map<string, Set<string>>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((c) => c.trim());
    const route = /`(GET|POST) ([^`]+)`/.exec(cells[1] ?? '');
    if (!route) continue;
    table.set(`${route[1]} ${route[2]}`, new Set(ROLES.filter((r) => (cells[columns.indexOf(r)] ?? '').startsWith('✓'))));
  }
  return table;
}

describe.each(BACKENDS)('role × endpoint authorisation on %s', (kind) => {
  const t = useBackend(kind);

  it('covers every route in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/api/v1/openapi.json');
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = new Set(MATRIX.map((r) => `${r.method} ${r.path}`));
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('answers each role as the matrix says', async () => {
    await addExtraRoles(t);
    const tokens = new Map<Who, string>();
    const tokenOf = async (who: Who, fresh: boolean) => {
      if (who === 'anonymous') return undefined;
      if (fresh || !tokens.has(who)) tokens.set(who, await loginAs(t, USER_OF[who]));
      return tokens.get(who);
    };
    const seen: string[] = [];
    const wanted: string[] = [];
    for (const row of MATRIX) {
      for (const who of WHO) {
        const expected = row.expect[who];
        // An allowed SSE request would stay open; its allowance is tested by the events suite.
        if (expected === 'stream') continue;
        // Logout ends the session: it gets one of its own, and the next row a new one.
        const token = await tokenOf(who, row.path.endsWith('/logout'));
        const { url, body } = row.request(who);
        const res = await t.call(row.method, url, { token, body });
        if (row.path.endsWith('/logout')) tokens.delete(who);
        seen.push(`${row.method} ${row.path} as ${who}: ${res.status}`);
        wanted.push(`${row.method} ${row.path} as ${who}: ${expected}`);
      }
    }
    // One comparison, so a failure lists every cell that differs.
    expect(seen).toEqual(wanted);
  });

  it.runIf(kind === 'pglite')('matches the README role × action table, row by row', () => {
    const table = readmeTable();
    // The public routes (PBX, probes) are listed below the table, not in it.
    const fromMatrix = MATRIX.filter((r) => r.path.startsWith('/api/v1/') && !r.path.startsWith('/api/v1/pbx/') && r.expect.anonymous !== 200).map((r) => {
      const allowed = ROLES.filter((role) => ![401, 403].includes(r.expect[role] as number));
      return `${r.method} ${r.path}: ${allowed.join(', ')}`;
    });
    const fromReadme = [...table.entries()].map(([route, roles]) => `${route}: ${ROLES.filter((r) => roles.has(r)).join(', ')}`);
    expect(fromReadme.sort()).toEqual(fromMatrix.sort());
  });
});
