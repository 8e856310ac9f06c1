import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { IngestResponseSchema } from '../../shared/schemas/freeze';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { freezeRow } from '../../test/rig/freeze-builders';

const INGEST = '/api/v1/ingest/freeze-records';

describe.each(BACKENDS)('freeze-record ingest on %s', (kind) => {
  const t = useBackend(kind);

  it('creates, then finds unchanged, then updates, keyed on source + sourceId (JSON)', async () => {
    const token = await t.login('adminA');
    const a = freezeRow({ accountNumber: '6222 0210-0111 0001', idNumber: '11010119900307123x', phone: '+86 138-0013-5678' });
    const b = freezeRow();
    const first = await t.call('POST', INGEST, { token, body: { records: [a, b] } });
    expect(first.status).toBe(200);
    expect(IngestResponseSchema.parse(first.body)).toMatchObject({ created: 2, updated: 0, unchanged: 0, failed: 0 });
    const [stored] = await t.rows(sql`SELECT account_number, id_number, phone, holder_name FROM freeze_records WHERE source_id = ${a.sourceId as string}`);
    expect(stored).toEqual({ account_number: '6222021001110001', id_number: '11010119900307123X', phone: '13800135678', holder_name: '张小三' });

    const again = await t.call('POST', INGEST, { token, body: { records: [a, { ...b, status: 'released' }] } });
    expect(again.body).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: 0 });
    expect(again.body.rows.map((r: any) => r.status)).toEqual(['unchanged', 'updated']);
    expect(await t.count('freeze_records')).toBe(2);
    const [released] = await t.rows(sql`SELECT status FROM freeze_records WHERE source_id = ${b.sourceId as string}`);
    expect(released.status).toBe('released');
  });

  it('applies good rows and reports bad ones with their fields', async () => {
    const token = await t.login('adminA');
    const res = await t.call('POST', INGEST, {
      token,
      body: { records: [freezeRow(), freezeRow({ measureType: 'arrest', holderName: '' }), 'not a row', freezeRow({ accountNumber: '6222-ABCD-0001' }), freezeRow({ expiresAt: 1 })] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, failed: 4 });
    const errorsOf = (row: number) => res.body.rows[row - 1].errors.map((e: any) => e.field).sort();
    expect(res.body.rows[1]).toMatchObject({ row: 2, status: 'error', sourceId: expect.any(String) });
    expect(errorsOf(2)).toEqual(['holderName', 'measureType']);
    expect(errorsOf(3)).toEqual(['(row)']);
    expect(errorsOf(4)).toEqual(['accountNumber']);
    expect(errorsOf(5)).toEqual(['expiresAt']);
    expect(await t.count('freeze_records')).toBe(1);
  });

  it('accepts CSV with a BOM, ISO dates and epoch ms, empty optional cells', async () => {
    const token = await t.login('adminA');
    const csv = [
      '\uFEFFsource,sourceId,holderName,idNumber,phone,accountKind,accountNumber,institution,measureType,authority,authorityPhone,noticeNumber,startsAt,expiresAt,holderRole,status',
      'csv-batch,C-1,李四,,13900001111,bank-card,6217000000001234,中国建设银行,freeze,重庆市公安局渝中区分局,023-63000000,渝公冻〔2026〕1号,2026-01-05,2026-07-05T00:00:00+08:00,payee,active',
      'csv-batch,C-2,王五,50010319800101001X,,payment-account,wx_wangwu_01,微信支付,bank-risk-control,重庆市公安局,110,渝公冻〔2026〕2号,1767225600000,,victim,',
      'csv-batch,C-3,赵六,,,bank-card,6217000000005678,中国银行,freeze,某分局,110,N3,yesterday,,victim,active',
    ].join('\r\n');
    const res = await t.call('POST', INGEST, { token, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, failed: 1 });
    expect(res.body.rows[2]).toMatchObject({ row: 3, sourceId: 'C-3', status: 'error', errors: [{ field: 'startsAt', message: expect.any(String) }] });
    const rows = await t.rows(sql`SELECT source_id, starts_at::text AS starts_at, expires_at::text AS expires_at, id_number, status FROM freeze_records ORDER BY source_id`);
    expect(rows).toEqual([
      { source_id: 'C-1', starts_at: String(Date.parse('2026-01-05')), expires_at: String(Date.parse('2026-07-05T00:00:00+08:00')), id_number: null, status: 'active' },
      { source_id: 'C-2', starts_at: '1767225600000', expires_at: null, id_number: '50010319800101001X', status: 'active' },
    ]);
    const [audit] = await t.rows(sql`SELECT action, actor_id, detail FROM audit_events WHERE action = 'freeze.ingest'`);
    expect(audit).toMatchObject({ actor_id: t.fixture.users.adminA, detail: { format: 'csv', rows: 3, created: 2, failed: 1 } });
  });

  it('refuses unknown CSV columns and broken CSV with 400, writing nothing', async () => {
    const token = await t.login('adminA');
    const headers = { 'content-type': 'text/csv' };
    const unknown = await t.call('POST', INGEST, { token, body: 'source,sourceId,holdername\na,b,c', headers });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'invalid', fields: { 'header.holdername': 'unknown-column' } });
    const broken = await t.call('POST', INGEST, { token, body: 'source,sourceId\n"a,b', headers });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('malformed');
    const empty = await t.call('POST', INGEST, { token, body: 'source,sourceId\n', headers });
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toHaveProperty('records');
    expect(await t.count('freeze_records')).toBe(0);
    expect(await t.count("audit_events WHERE action = 'freeze.ingest'")).toBe(0);
  });

  it('is admin only, and does not parse CSV anywhere else', async () => {
    for (const user of ['agentA1', 'superA', 'auditorA'] as const) {
      const res = await t.call('POST', INGEST, { token: await t.login(user), body: { records: [freezeRow()] } });
      expect(res.status, user).toBe(403);
    }
    const token = await t.login('agentA1');
    const csvElsewhere = await t.call('POST', '/api/v1/freeze-records/lookup', { token, body: 'by,value\naccount,1234', headers: { 'content-type': 'text/csv' } });
    expect(csvElsewhere.status).toBe(415);
    expect(await t.count('freeze_records')).toBe(0);
  });

  it('treats a repeated key inside one batch as one record, last row winning', async () => {
    const token = await t.login('adminA');
    const row = freezeRow();
    const res = await t.call('POST', INGEST, { token, body: { records: [row, { ...row, status: 'expired' }, { ...row, status: 'expired' }] } });
    expect(res.body.rows.map((r: any) => r.status)).toEqual(['created', 'updated', 'unchanged']);
    const [stored] = await t.rows(sql`SELECT status FROM freeze_records`);
    expect(stored.status).toBe('expired');
    expect(await t.count('freeze_records')).toBe(1);
  });
});
