import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FreezeRecordInputSchema } from '../../shared/schemas/freeze';
import { BACKENDS, useBackend, type BackendContext } from '../../test/rig/db-backends';
import { freezeRow } from '../../test/rig/freeze-builders';

/**
 * Generated bad input for the record store's POST routes: random JSON, valid bodies with one
 * field broken or dropped, random CSV, and wrong content types. Whatever arrives, the answer
 * is a 4xx ApiError (or a 2xx whose reported writes are exactly what the tables gained),
 * never a 500, and nothing is half-written.
 */
const RUNS = 40;
const COLUMNS = Object.keys(FreezeRecordInputSchema.shape);
const CONTENT_TYPES = ['application/json', 'text/csv', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'];

/** A valid object with one key replaced by a random value, or removed. */
const broken = (valid: Record<string, unknown>) =>
  fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.option(fc.jsonValue(), { nil: undefined })).map(([key, value]) => {
    const copy: Record<string, unknown> = { ...valid };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  });

const csvCell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '"', '""', ',', '\n', '2026-01-01', '1767225600000', 'bank-card', 'freeze', 'victim'));
const randomCsv = fc
  .tuple(fc.shuffledSubarray([...COLUMNS, 'bogus'], { minLength: 1 }), fc.array(fc.array(csvCell, { maxLength: 18 }), { maxLength: 5 }))
  .map(([header, rows]) => [header.join(','), ...rows.map((r) => r.join(','))].join('\n'));

const rawBody = fc.oneof(
  fc.jsonValue().map((v) => ({ type: 'application/json', payload: JSON.stringify(v) ?? 'null' })),
  fc.string({ maxLength: 200 }).map((s) => ({ type: 'application/json', payload: s })),
  randomCsv.map((s) => ({ type: 'text/csv', payload: s })),
  fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.string({ maxLength: 200 })).map(([type, payload]) => ({ type, payload })),
);

async function counts(t: BackendContext) {
  return { freeze: await t.count('freeze_records'), templates: await t.count('templates'), audit: await t.count('audit_events') };
}

async function send(t: BackendContext, token: string, url: string, body: { type: string; payload: string }) {
  const res = await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': body.type }, payload: body.payload });
  let json: any = null;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = res.body;
  }
  return { status: res.statusCode, json };
}

describe.each(BACKENDS)('generated bad input on %s', (kind) => {
  const t = useBackend(kind);

  const expectClientError = (status: number, json: any, what: string) => {
    expect(status, what).toBeGreaterThanOrEqual(400);
    expect(status, what).toBeLessThan(500);
    expect(typeof json?.error, what).toBe('string');
    expect(typeof json?.message, what).toBe('string');
  };

  it('ingest: never 500; writes exactly what it reports', async () => {
    const token = await t.login('adminA');
    const url = '/api/v1/ingest/freeze-records';
    const jsonBatch = fc.array(fc.oneof(broken(freezeRow()), fc.jsonValue()), { minLength: 1, maxLength: 4 }).map((records) => ({ type: 'application/json', payload: JSON.stringify({ records }) }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(rawBody, jsonBatch), async (body) => {
        const before = await counts(t);
        const { status, json } = await send(t, token, url, body);
        const after = await counts(t);
        const what = `${body.type} ${body.payload.slice(0, 200)} → ${status} ${JSON.stringify(json).slice(0, 300)}`;
        expect(after.templates).toBe(before.templates);
        if (status === 200) {
          expect(after.freeze - before.freeze, what).toBe(json.created);
          expect(json.rows.length, what).toBe(json.created + json.updated + json.unchanged + json.failed);
          expect(after.audit - before.audit, what).toBe(1);
        } else {
          expectClientError(status, json, what);
          expect(after, what).toEqual(before);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('look-up and reveal: never 500; refused requests write nothing', async () => {
    const token = await t.login('agentA1');
    await t.call('POST', '/api/v1/ingest/freeze-records', { token: await t.login('adminA'), body: { records: [freezeRow()] } });
    const [record] = await t.rows<{ id: string }>(sql`SELECT id FROM freeze_records`);
    const id = record?.id ?? '';
    expect(id).not.toBe('');
    const lookup = broken({ by: 'name', value: '张小三', partialNumber: '1234' }).map((b) => ({ type: 'application/json', payload: JSON.stringify(b) }));
    const reveal = broken({ field: 'phone', reason: '核实来电人身份' }).map((b) => ({ type: 'application/json', payload: JSON.stringify(b) }));
    const target = fc.oneof(
      fc.tuple(fc.constant('/api/v1/freeze-records/lookup'), fc.oneof(rawBody, lookup)),
      fc.tuple(fc.constantFrom(`/api/v1/freeze-records/${id}/reveal`, '/api/v1/freeze-records/%00/reveal', '/api/v1/freeze-records/x%2F..%2F/reveal'), fc.oneof(rawBody, reveal)),
    );
    await fc.assert(
      fc.asyncProperty(target, async ([url, body]) => {
        const before = await counts(t);
        const { status, json } = await send(t, token, url, body);
        const after = await counts(t);
        const what = `${url} ${body.type} ${body.payload.slice(0, 200)} → ${status} ${JSON.stringify(json).slice(0, 300)}`;
        expect(after.freeze, what).toBe(before.freeze);
        if (status === 200) expect(after.audit - before.audit, what).toBe(1);
        else {
          expectClientError(status, json, what);
          expect(after, what).toEqual(before);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('template publishing: never 500; refused requests write nothing', async () => {
    const token = await t.login('adminA');
    const valid = { key: 'fuzz.key', channel: 'sms', scenario: 'general', fraudType: null, title: '标题', body: '疑问请致电96110。', keywords: ['a'], active: true };
    const template = broken(valid).map((b) => ({ type: 'application/json', payload: JSON.stringify(b) }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(rawBody, template), async (body) => {
        const before = await counts(t);
        const { status, json } = await send(t, token, '/api/v1/templates', body);
        const after = await counts(t);
        const what = `${body.type} ${body.payload.slice(0, 200)} → ${status} ${JSON.stringify(json).slice(0, 300)}`;
        if (status === 201) expect(after.templates - before.templates, what).toBe(1);
        else {
          expectClientError(status, json, what);
          expect(after, what).toEqual(before);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
