import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend, type BackendContext } from '../../test/rig/db-backends';

/**
 * Generated bad input for the supervisor routes: reassign bodies with one field broken or
 * dropped (including text PostgreSQL cannot store), random JSON, odd ids and content types;
 * workload dates of every shape. Never a 500; a refusal writes nothing.
 */
const RUNS = 40;
const VALID_INSTRUCTION = { sourceId: 'SF-1', grade: 'high', personName: '王五', phones: ['13800138000'], fraudType: 'other', summary: '', issuedAt: 1_767_225_600_000, orgUnitCode: 'city-a' };

const broken = (valid: Record<string, unknown>) =>
  fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.option(fc.oneof(fc.jsonValue(), fc.constant('换\u0000人'), fc.constant(randomUUID())), { nil: undefined })).map(([key, value]) => {
    const copy: Record<string, unknown> = { ...valid };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  });

const counts = async (t: BackendContext) => ({ audit: await t.count('audit_events'), changes: await t.count('change_log'), instructions: await t.count('warning_instructions') });

describe.each(BACKENDS)('supervisor routes under bad input on %s', (kind) => {
  const t = useBackend(kind);

  it('reassign: never 500; refusals write nothing, acceptance writes one audit event and publishes', async () => {
    const admin = await t.login('adminA');
    const id = (await t.call('POST', '/api/v1/ingest/warning-instructions', { token: admin, body: { instructions: [VALID_INSTRUCTION] } })).body.rows[0].id as string;
    const token = await t.login('superA');
    const valid = { assigneeId: t.fixture.users.agentA2, reason: '接线员下班', expectedAssigneeId: null };
    const ids = fc.constantFrom(id, randomUUID(), 'not-a-uuid', '%00', 'x%2F..%2F');
    const body = fc.oneof(
      broken(valid).map((b) => ({ type: 'application/json', payload: JSON.stringify(b) })),
      fc.jsonValue().map((v) => ({ type: 'application/json', payload: JSON.stringify(v) ?? 'null' })),
      fc.tuple(fc.constantFrom('application/json', 'text/plain', 'text/csv', 'application/xml'), fc.string({ maxLength: 120 })).map(([type, payload]) => ({ type, payload })),
    );
    await fc.assert(
      fc.asyncProperty(ids, body, async (target, b) => {
        const before = await counts(t);
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/warning-instructions/${target}/reassign`, headers: { authorization: `Bearer ${token}`, 'content-type': b.type }, payload: b.payload });
        const after = await counts(t);
        const json = res.json() as { error?: string; message?: string };
        const what = `${target} ${b.type} ${b.payload.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        if (res.statusCode === 200) {
          expect(after.audit - before.audit, what).toBe(1);
          expect(after.changes - before.changes, what).toBe(1);
        } else {
          expect(typeof json.error, what).toBe('string');
          expect(typeof json.message, what).toBe('string');
          expect(after, what).toEqual(before);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('workload and board: never 500 whatever the query string', async () => {
    const token = await t.login('superA');
    const query = fc.oneof(
      fc.string({ maxLength: 30 }).map((s) => `date=${encodeURIComponent(s)}`),
      fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true }).map((d) => `date=${d.toISOString().slice(0, 10)}`),
      fc.constantFrom('date=', 'date=2026-13-01', 'date=0000-01-01', 'date=2026-02-29', 'date=2028-02-29', 'date[]=1', 'date=1&date=2', 'x=1'),
    );
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom('workload', 'board'), async (q, route) => {
        const res = await t.call('GET', `/api/v1/supervisor/${route}?${q}`, { token });
        const what = `${route}?${q} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status !== 200) expect(res.body.fields, what).toBeDefined();
      }),
      { numRuns: RUNS },
    );
  });
});
