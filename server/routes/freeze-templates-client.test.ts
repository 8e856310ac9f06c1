// The workstation's side of the freeze and template contracts, end to end: the renderer's
// RecordStoreClient and validators against the real record store on PGlite and PostgreSQL.
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../shared/templates/fill-placeholders';
import { validateLookupQuery } from '../../shared/validation/lookup-query';
import { guidanceTemplate } from '../../renderer/src/features/templates/placeholder-context';
import { RecordStoreClient, RecordStoreHttpError } from '../../renderer/src/sync/record-store-client';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';

const ID = '11010519491231002X';
const CARD = '6222020000000000000';

describe.each(BACKENDS)('workstation client against freeze and template routes on %s', (kind) => {
  const t = useBackend(kind);
  let client: RecordStoreClient;

  beforeEach(async () => {
    const admin = await t.login('adminA');
    const ingest = await t.call('POST', '/api/v1/ingest/freeze-records', {
      token: admin,
      body: {
        records: [
          {
            source: 'test',
            sourceId: 'r1',
            holderName: '张三',
            idNumber: ID,
            phone: '13800138000',
            accountKind: 'bank-card',
            accountNumber: CARD,
            institution: '中国工商银行',
            measureType: 'protective-stop-payment',
            authority: '深圳市公安局南山分局',
            authorityPhone: '0755-26600110',
            noticeNumber: '深南公止字〔2026〕1234号',
            startsAt: Date.UTC(2026, 10, 1),
            holderRole: 'victim',
          },
        ],
      },
    });
    expect(ingest.status).toBe(200);
    const created = await t.call('POST', '/api/v1/templates', {
      token: admin,
      body: { key: 'freeze-inquiry.victim', channel: 'script', scenario: 'freeze-inquiry', fraudType: null, title: '冻结查询·受害人', body: '请联系{{authority|当地公安机关}}，电话{{authorityPhone}}。' },
    });
    expect(created.status).toBe(201);
    if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    client = new RecordStoreClient(`http://127.0.0.1:${port}`, await t.login('agentA1'));
  });

  it('finds a record by what the call-taker typed, masked, and reveals a field with a reason', async () => {
    for (const [by, typed] of [
      ['idNumber', '110105 19491231 002x'],
      ['account', '6222 0200 0000 0000 000'],
      ['phone', '+86 138-0013-8000'],
    ] as const) {
      const checked = validateLookupQuery({ by, value: typed });
      if (!checked.ok) throw new Error(`${by} refused: ${JSON.stringify(checked.errors)}`);
      const answer = await client.lookupFreeze(checked.request);
      expect(answer.results, by).toHaveLength(1);
      expect(answer.results[0]).toMatchObject({ authority: '深圳市公安局南山分局', authorityPhone: '0755-26600110', holderRole: 'victim', masked: true });
      expect(answer.results[0]!.idNumber).not.toBe(ID);
    }
    const byName = validateLookupQuery({ by: 'name', value: '张 三', partialNumber: '002x' });
    if (!byName.ok) throw new Error('name refused');
    const [record] = (await client.lookupFreeze(byName.request)).results;
    expect(record?.accountNumber).not.toBe(CARD);

    expect(await client.revealFreezeField(record!.id, { field: 'idNumber', reason: '来电人已核实为本人' })).toEqual({ field: 'idNumber', value: ID });
    const short = await client.revealFreezeField(record!.id, { field: 'idNumber', reason: '核实' }).catch((e: unknown) => e);
    expect(short).toBeInstanceOf(RecordStoreHttpError);
    expect((short as RecordStoreHttpError).status).toBe(400);
  });

  it('lists templates the panel can use for the guidance script', async () => {
    const { templates } = await client.listTemplates();
    const victim = guidanceTemplate(templates, 'victim');
    expect(victim?.key).toBe('freeze-inquiry.victim');
    expect(fillPlaceholders(victim!.body, { authorityPhone: '0755-26600110' }).text).toBe('请联系当地公安机关，电话0755-26600110。');
    expect(guidanceTemplate(templates, 'payee')).toBeNull();
  });
});
