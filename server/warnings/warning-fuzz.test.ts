import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend, type BackendContext } from '../../test/rig/db-backends';

const RUNS = 40;
const VALID = { sourceId: 'F-1', grade: 'medium', personName: '王五', phones: ['13800138000'], fraudType: 'other', summary: '', issuedAt: 1_767_225_600_000, orgUnitCode: 'city-a' };

/** A valid object with one key replaced by a random JSON value (or text PostgreSQL cannot store), or removed. */
const broken = (valid: Record<string, unknown>) =>
  fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.option(fc.oneof(fc.jsonValue(), fc.constant('王\u0000五')), { nil: undefined })).map(([key, value]) => {
    const copy: Record<string, unknown> = { ...valid };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  });

const counts = async (t: BackendContext) => ({
  instructions: await t.count('warning_instructions'),
  attempts: await t.count('warning_attempts'),
  changes: await t.count('change_log'),
  outbox: await t.count('sms_outbox'),
});

describe.each(BACKENDS)('warning routes under bad input on %s', (kind) => {
  const t = useBackend(kind);

  it('ingest: never 500; creates exactly what it reports', async () => {
    const token = await t.login('adminA');
    let n = 0;
    const item = fc.oneof(
      broken(VALID).map((b) => ({ ...b, sourceId: typeof b.sourceId === 'string' ? `${b.sourceId}-${(n += 1)}` : b.sourceId })),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(item, { minLength: 1, maxLength: 4 }).map((instructions) => ({ instructions })), fc.jsonValue()), async (body) => {
        const before = await counts(t);
        const res = await t.call('POST', '/api/v1/ingest/warning-instructions', { token, body: body ?? null });
        const after = await counts(t);
        const what = `${JSON.stringify(body).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status === 200) expect(after.instructions - before.instructions, what).toBe(res.body.created);
        else expect(after, what).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('transitions and attempts: never 500; refusals write nothing', async () => {
    const admin = await t.login('adminA');
    const id = (await t.call('POST', '/api/v1/ingest/warning-instructions', { token: admin, body: { instructions: [{ ...VALID, sourceId: 'F-T' }] } })).body.rows[0].id;
    const token = await t.login('agentA1');
    const transition = broken({ action: 'regrade', expectedState: 'issued', grade: 'high', reason: '升级' }).map((body) => ({ url: `/api/v1/warning-instructions/${id}/transition`, body }));
    const attempt = broken({ at: 1_767_225_600_000, channel: 'call', number: '13800138000', result: 'busy', callRecordId: null }).map((body) => ({ url: `/api/v1/warning-instructions/${id}/attempts`, body }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(transition, attempt), async ({ url, body }) => {
        const before = await counts(t);
        const res = await t.call('POST', url, { token, body });
        const after = await counts(t);
        const what = `${url} ${JSON.stringify(body).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status !== 200) expect(after, what).toEqual(before);
        else expect(after.changes, what).toBeGreaterThan(before.changes);
      }),
      { numRuns: RUNS },
    );
  });
});
