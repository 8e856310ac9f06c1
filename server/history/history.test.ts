import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseNumberOf } from '../../shared/schemas/case-number';
import { HistorySearchResponseSchema, ScreenPopResponseSchema } from '../../shared/schemas/history';
import { residentIdCheckChar } from '../../shared/validation/resident-id';
import { BACKENDS, useBackend, type BackendContext } from '../../test/rig/db-backends';
import { freezeRow } from '../../test/rig/freeze-builders';
import { cases, warningContacts } from '../db/schema';

const ID = '11010519491231002X';
/** A valid resident ID nothing carries. */
const UNLINKED = `11010119900307123${residentIdCheckChar('11010119900307123')}`;
const T0 = Date.UTC(2026, 10, 21, 2, 0, 0);
const HOUR = 3_600_000;

let serial = 0;
const warning = (overrides: Record<string, unknown> = {}) => ({
  sourceId: `HIST-${(serial += 1)}`,
  grade: 'high',
  personName: '王小明',
  phones: ['13800138000'],
  fraudType: 'fake-investment',
  issuedAt: T0,
  orgUnitCode: 'city-a',
  ...overrides,
});

async function ingestWarnings(t: BackendContext, items: object[]): Promise<string[]> {
  const res = await t.call('POST', '/api/v1/ingest/warning-instructions', { token: await t.login('adminA'), body: { instructions: items } });
  expect(res.status).toBe(200);
  return res.body.rows.map((r: { id: string }) => r.id);
}

async function ingestFreezes(t: BackendContext, rows: object[]): Promise<void> {
  const res = await t.call('POST', '/api/v1/ingest/freeze-records', { token: await t.login('adminA'), body: { records: rows } });
  expect(res.status).toBe(200);
}

async function addCase(t: BackendContext, o: { callerNumber: string | null; createdAt: number; org?: 'A' | 'B'; id?: string; callType?: string; disposition?: string | null }) {
  const id = o.id ?? randomUUID();
  const org = o.org ?? 'A';
  await t.db.orm.insert(cases).values({
    id,
    callType: o.callType ?? 'consultation',
    status: 'final',
    disposition: o.disposition === undefined ? 'resolved' : o.disposition,
    callerNumber: o.callerNumber,
    fields: { direction: 'inbound', situation: '咨询冻结' },
    createdAt: o.createdAt,
    finalisedAt: o.createdAt + 60_000,
    agentId: org === 'A' ? t.fixture.users.agentA1 : t.fixture.users.agentB1,
    orgUnitId: org === 'A' ? t.fixture.orgA : t.fixture.orgB,
    updatedSeq: 0,
  });
  return id;
}

const auditOf = (t: BackendContext, action: string) => t.rows<{ detail: Record<string, unknown> }>(sql`SELECT detail FROM audit_events WHERE action = ${action} ORDER BY id`);

describe.each(BACKENDS)('screen-pop links on %s', (kind) => {
  const t = useBackend(kind);

  it('lists open instructions of the number (as person or relative) in the caller’s units and the masked freeze records on the phone, audited', async () => {
    const [asPerson, closed, elsewhere, asRelative] = await ingestWarnings(t, [
      warning({ grade: 'medium' }),
      warning({ grade: 'extreme' }),
      warning({ orgUnitCode: 'district-b' }),
      warning({ phones: ['13900139000'], grade: 'extreme', personName: '欧阳娜娜' }),
    ]);
    await t.rows(sql`UPDATE warning_instructions SET state = 'closed' WHERE id = ${closed}`);
    await t.db.orm.insert(warningContacts).values({ instructionId: asRelative as string, at: T0, agentId: t.fixture.users.agentA1, relation: '母亲', name: '李四', number: '+8613800138000', result: 'answered' });
    await ingestFreezes(t, [freezeRow({ phone: '13800138000', authority: '深圳市公安局南山分局', measureType: 'freeze' }), freezeRow({ phone: '13700137000' })]);

    const token = await t.login('agentA1');
    const res = await t.call('GET', '/api/v1/screen-pop?number=%2B8613800138000', { token });
    expect(res.status).toBe(200);
    const body = ScreenPopResponseSchema.parse(res.body);
    expect(body.warnings.map((w) => [w.id, w.matchedBy, w.relation])).toEqual([
      [asRelative, 'relative', '母亲'],
      [asPerson, 'person', null],
    ]);
    expect(body.warnings.map((w) => w.id)).not.toContain(closed);
    expect(body.warnings.map((w) => w.id)).not.toContain(elsewhere);
    expect(body.warnings[0]?.personName).toBe('欧**娜');
    expect(body.freezes).toHaveLength(1);
    expect(body.freezes[0]).toMatchObject({ measureType: 'freeze', authority: '深圳市公安局南山分局', phone: '138****8000', holderName: '张*三', masked: true });
    expect(JSON.stringify(res.body)).not.toContain('13800138000');

    const audit = await auditOf(t, 'screen-pop.read');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ warnings: 2, freezes: 1 });
    expect(JSON.stringify(audit[0]?.detail)).not.toContain('8613800138000');
  });

  it('finds a landline’s freeze record whatever spelling the PBX delivers', async () => {
    await ingestFreezes(t, [freezeRow({ phone: '021-61234567' })]);
    const token = await t.login('agentA1');
    for (const number of ['02161234567', '%2B862161234567', '00862161234567']) {
      const res = await t.call('GET', `/api/v1/screen-pop?number=${number}`, { token });
      expect(res.status, number).toBe(200);
      expect(res.body.freezes, number).toHaveLength(1);
    }
  });

  it('refuses a bad or missing number with 400 naming the field, and audits nothing', async () => {
    const token = await t.login('agentA1');
    for (const url of ['/api/v1/screen-pop?number=abc', '/api/v1/screen-pop?number=12', '/api/v1/screen-pop', `/api/v1/screen-pop?number=${'1'.repeat(40)}`]) {
      const res = await t.call('GET', url, { token });
      expect(res.status, url).toBe(400);
      expect(res.body.fields, url).toHaveProperty('number');
    }
    expect(await t.count('audit_events')).toBe(1 /* the sign-in */);
  });
});

describe.each(BACKENDS)('history search on %s', (kind) => {
  const t = useBackend(kind);
  const search = async (query: string, user: 'agentA1' | 'superA' | 'agentB1' = 'agentA1') => t.call('GET', `/api/v1/history/search?${query}`, { token: await t.login(user) });

  it('finds the unit’s cases by full number, by tail, and by case number; never another unit’s', async () => {
    const mine = await addCase(t, { callerNumber: '+8613800138000', createdAt: T0 });
    const older = await addCase(t, { callerNumber: '+8613800138000', createdAt: T0 - 2 * HOUR });
    await addCase(t, { callerNumber: '+8613800138000', createdAt: T0, org: 'B' });
    const other = await addCase(t, { callerNumber: '+8613911118000', createdAt: T0 - HOUR });

    const full = HistorySearchResponseSchema.parse((await search('number=13800138000')).body);
    expect(full.items.map((i) => i.caseId)).toEqual([mine, older]);
    expect(full.items[0]).toMatchObject({ matchedBy: 'number', callType: 'consultation', disposition: 'resolved', status: 'final', direction: 'inbound' });

    const tail = HistorySearchResponseSchema.parse((await search('number=8000')).body);
    expect(tail.items.map((i) => i.caseId)).toEqual([mine, other, older]);

    const number = caseNumberOf({ id: older, createdAt: T0 - 2 * HOUR });
    expect(number).toMatch(/^20261121-[0-9A-F]{6}$/);
    const byNumber = HistorySearchResponseSchema.parse((await search(`caseNumber=${number.toLowerCase()}`)).body);
    expect(byNumber.items.map((i) => [i.caseId, i.caseNumber, i.matchedBy])).toEqual([[older, number, 'case-number']]);
  });

  it('links a resident ID to cases through instructions and freeze records carrying it, and audits it masked', async () => {
    const viaWarning = await addCase(t, { callerNumber: '+8613900139000', createdAt: T0 });
    const viaFreeze = await addCase(t, { callerNumber: '+8613700137000', createdAt: T0 - HOUR });
    await addCase(t, { callerNumber: '+8613600136000', createdAt: T0 - HOUR });
    await ingestWarnings(t, [warning({ idNumber: ID, phones: ['13900139000'] })]);
    await ingestFreezes(t, [freezeRow({ idNumber: ID, phone: '13700137000' })]);

    const res = await search(`idNumber=${ID.toLowerCase()}`);
    expect(res.status).toBe(200);
    const body = HistorySearchResponseSchema.parse(res.body);
    expect(body.items.map((i) => i.caseId)).toEqual([viaWarning, viaFreeze]);
    expect(body.items[0]).toMatchObject({ matchedBy: 'id-number', idNumberMasked: '110105********002X' });
    expect(JSON.stringify(res.body)).not.toContain(ID);

    const none = HistorySearchResponseSchema.parse((await search(`idNumber=${UNLINKED}`)).body);
    expect(none.items).toEqual([]);

    const audit = await auditOf(t, 'history.search');
    expect(audit).toHaveLength(2);
    expect(audit[0]?.detail).toMatchObject({ idNumber: '110105********002X', results: 2, caseIds: [viaWarning, viaFreeze] });
    expect(JSON.stringify(audit)).not.toContain(ID);
  });

  it('pages a date range newest first with a cursor, without gaps or repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await addCase(t, { callerNumber: `+861380013800${i}`, createdAt: T0 + i * HOUR }));
    await addCase(t, { callerNumber: '+8613800138009', createdAt: T0 + 30 * HOUR });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const res = await search(`from=${T0}&to=${T0 + 24 * HOUR}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const body = HistorySearchResponseSchema.parse(res.body);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((i) => i.caseId));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('refuses bad criteria with 400 naming each field, audits nothing', async () => {
    const cases: Array<[string, string]> = [
      ['', 'criteria'],
      ['number=12a', 'number'],
      ['number=123', 'number'],
      ['caseNumber=20261340-ABCDEF', 'caseNumber'],
      ['caseNumber=hello', 'caseNumber'],
      ['idNumber=110105194912310021', 'idNumber'],
      [`from=${T0}&to=${T0 - 1}`, 'to'],
      ['from=yesterday', 'from'],
      ['number=13800138000&limit=1000', 'limit'],
      ['number=13800138000&cursor=1:not-a-uuid', 'cursor'],
    ];
    for (const [query, field] of cases) {
      const res = await search(query);
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.body.fields ?? {}), query).toContain(field);
    }
    expect(await auditOf(t, 'history.search')).toEqual([]);
  });
});

describe.each(BACKENDS)('history endpoints with generated bad queries on %s', (kind) => {
  const t = useBackend(kind);

  it('never answer 500; a refusal names fields and writes nothing, an answer writes one audit event', async () => {
    const token = await t.login('agentA1');
    const value = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '+', '13800138000', '8000', '20261121-ABCDEF', ID, '1767225600000', '-1', '1e3', '%00', '../', "'; drop table cases; --", '1:00000000-0000-4000-8000-000000000000'));
    const key = fc.constantFrom('number', 'caseNumber', 'idNumber', 'from', 'to', 'limit', 'cursor', 'bogus');
    const query = fc.array(fc.tuple(key, value), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString());
    const path = fc.constantFrom('/api/v1/history/search', '/api/v1/screen-pop');
    await fc.assert(
      fc.asyncProperty(path, query, async (url, q) => {
        const before = await t.count('audit_events');
        const res = await t.call('GET', `${url}?${q}`, { token });
        const after = await t.count('audit_events');
        const what = `${url}?${q} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status === 200) expect(after - before, what).toBe(1);
        else {
          expect(res.status, what).toBe(400);
          expect(typeof res.body.message, what).toBe('string');
          expect(after, what).toBe(before);
        }
      }),
      { numRuns: 60 },
    );
  });
});
