import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../shared/schemas/auth';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { charsetOf, decodeCsvBody } from './csv-charset';

const INGEST = '/api/v1/ingest/freeze-records';
const HEADER = 'source,sourceId,holderName,idNumber,phone,accountKind,accountNumber,institution,measureType,authority,authorityPhone,noticeNumber,startsAt,expiresAt,holderRole,status';
const row = (id: string, name: string, authority = '（合成数据）某市公安局') =>
  `gbk-batch,${id},${name},,13900001111,bank-card,62170000000${id.replace(/\D/g, '').padStart(5, '0')},中国建设银行,freeze,${authority},110,合成冻字〔2026〕${id}号,2026-01-05,,victim,active`;
const CSV = [HEADER, row('G-1', '李四'), row('G-2', '欧阳娜娜', '（合成数据）渝中区分局')].join('\r\n');

describe.each(BACKENDS)('freeze CSV ingest charsets on %s', (kind) => {
  const t = useBackend(kind);
  const send = async (body: Buffer, contentType: string) => {
    const token = await t.login('adminA');
    const res = await t.app.inject({ method: 'POST', url: INGEST, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload: body });
    return { status: res.statusCode, body: res.json() };
  };
  const names = async () => (await t.rows<{ holder_name: string; authority: string }>(sql`SELECT holder_name, authority FROM freeze_records ORDER BY source_id`)).map((r) => `${r.holder_name}|${r.authority}`);

  it('decodes GBK bytes when the Content-Type says charset=gbk', async () => {
    const bytes = iconv.encode(CSV, 'gbk');
    expect(bytes.equals(Buffer.from(CSV, 'utf8'))).toBe(false);
    const res = await send(bytes, 'text/csv; charset=GBK');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, failed: 0 });
    expect(await names()).toEqual(['李四|（合成数据）某市公安局', '欧阳娜娜|（合成数据）渝中区分局']);
  });

  it('decodes GB18030, including characters GBK lacks', async () => {
    // 𠀀 (U+20000) exists in GB18030 (four bytes) but not in GBK.
    const text = [HEADER, row('G-3', '王𠀀')].join('\n');
    const res = await send(iconv.encode(text, 'gb18030'), 'text/csv; charset="gb18030"');
    expect(res.status).toBe(200);
    expect(await names()).toEqual(['王𠀀|（合成数据）某市公安局']);
  });

  it('defaults to UTF-8 and drops a UTF-8 BOM', async () => {
    const res = await send(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]), 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(2);
    expect(await names()).toHaveLength(2);
  });

  it('answers 400 naming the charset and line for GBK bytes sent as UTF-8, and for bytes that are not GBK; nothing is written', async () => {
    const asUtf8 = await send(iconv.encode(CSV, 'gbk'), 'text/csv');
    expect(asUtf8.status).toBe(400);
    expect(ApiErrorSchema.parse(asUtf8.body)).toMatchObject({ error: 'malformed', message: expect.stringMatching(/not valid UTF-8.*line 2.*charset=gbk/) });

    const broken = Buffer.concat([iconv.encode(`${HEADER}\n${row('G-5', '张三')}\n`, 'gbk'), Buffer.from([0xff, 0xff, 0x2c, 0x0a])]);
    const notGbk = await send(broken, 'text/csv; charset=gbk');
    expect(notGbk.status).toBe(400);
    expect(notGbk.body).toMatchObject({ error: 'malformed', message: expect.stringMatching(/not valid GBK text.*line 3/), fields: { 'content-type.charset': 'not-gbk' } });
    expect(await t.count('freeze_records')).toBe(0);
    expect(await t.count("audit_events WHERE action = 'freeze.ingest'")).toBe(0);
  });

  it('answers 400 for a charset it does not support, naming it', async () => {
    const res = await send(Buffer.from(CSV, 'latin1'), 'text/csv; charset=latin1');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid', message: expect.stringContaining('"latin1"'), fields: { 'content-type.charset': 'unsupported' } });
    expect(await t.count('freeze_records')).toBe(0);
  });

  it('documents the CSV request body in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/api/v1/openapi.json');
    const content = doc.body.paths[INGEST].post.requestBody.content;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'text/csv']);
    expect(content['text/csv'].schema).toMatchObject({ type: 'string', description: expect.stringMatching(/gbk.*gb18030/) });
    expect(content['application/json'].schema.properties.records.type).toBe('array');
  });
});

describe('CSV charset helpers', () => {
  it('reads the charset parameter', () => {
    expect(charsetOf('text/csv')).toBeUndefined();
    expect(charsetOf('text/csv; charset=GB18030')).toBe('gb18030');
    expect(charsetOf('text/csv;charset="utf-8"; header=present')).toBe('utf-8');
  });

  it('keeps a genuine U+FFFD in GB18030 and refuses a lone lead byte', () => {
    expect(decodeCsvBody(iconv.encode('a,\uFFFD', 'gb18030'), 'text/csv; charset=gb18030')).toBe('a,\uFFFD');
    expect(() => decodeCsvBody(Buffer.from([0x61, 0x2c, 0x81]), 'text/csv; charset=gb18030')).toThrow(/not valid GB18030/);
  });
});
