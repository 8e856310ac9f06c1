import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeRecordStore } from '../../../../test/fakes/web/fake-record-store';
import { freezeRecord, template } from '../../../../test/fakes/web/freeze-fixtures';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { createCacheKey } from '../../host/cache-key-store';
import { CaseworkProvider } from '../../state/casework-context';
import { DeskDb } from '../../storage/db';
import { NoteEditor } from '../call-note/NoteEditor';
import { TemplatesProvider } from '../templates';
import { FreezeLookupPanel } from './FreezeLookupPanel';

const ID = '11010519491231002X';
const CARD = '6222020000000000000';
const CALL = '7d1c0e52-3f5b-4a8e-9c1d-2e3f4a5b6c7d';
const CASE = '3a6f9e2b-8c1d-4e7a-b5f0-1d2c3b4a5e6f';

describe('FreezeLookupPanel', () => {
  let db: DeskDb;
  let store: FakeRecordStore;
  let key: CryptoKey;
  let now: number;
  let dialled: string[];

  beforeEach(async () => {
    db = new DeskDb(`lookup-${crypto.randomUUID()}`);
    key = await createCacheKey();
    now = Date.UTC(2026, 10, 21, 12, 0);
    dialled = [];
    store = new FakeRecordStore();
    store.records = [
      {
        view: freezeRecord(),
        clear: { holderName: '张三', idNumber: ID, phone: '13800138000', accountNumber: CARD },
      },
      {
        view: freezeRecord({ id: '0b5c2a8e-6f0d-4a43-9d1e-6a9e4f1d2c02', holderRole: 'payee', authority: '重庆市公安局渝中区分局', authorityPhone: '023-63751110', measureType: 'freeze' }),
        clear: { holderName: '张三', idNumber: ID, phone: null, accountNumber: '6217000000000000001' },
      },
    ];
    store.templates = [
      template({ key: 'freeze-inquiry.victim', scenario: 'freeze-inquiry', title: '冻结查询·受害人', body: '请您联系{{authority|办案机关}}，电话{{authorityPhone|110}}，文书号{{noticeNumber}}。' }),
      template({ key: 'freeze-inquiry.payee', scenario: 'freeze-inquiry', title: '冻结查询·收款方', body: '您的账户涉嫌接收诈骗资金，请联系{{authority}}配合核查。' }),
    ];
  });
  afterEach(async () => {
    cleanup();
    vi.restoreAllMocks();
    await db.delete();
  });

  async function panel(options: { withNote?: boolean; locale?: 'zh-CN' | 'en'; caseId?: string } = {}) {
    const deps = { api: store, db, cacheKey: async () => key, now: () => now };
    await renderWithProviders(
      <CaseworkProvider>
        <TemplatesProvider api={store} db={db}>
          <FreezeLookupPanel deps={deps} callerNumber="13800138000" agentName="李警官" onDial={(n) => dialled.push(n)} caseId={options.caseId} />
          {options.withNote && <NoteEditor db={db} callId={CALL} onCommitted={() => undefined} />}
        </TemplatesProvider>
      </CaseworkProvider>,
      options.locale,
    );
  }
  const valueInput = () => screen.getByTestId('lookup-value') as HTMLInputElement;
  async function search(by: string, value: string) {
    fireEvent.click(within(screen.getByTestId('lookup-by')).getByText(by));
    fireEvent.change(valueInput(), { target: { value } });
    fireEvent.keyDown(valueInput(), { key: 'Enter' });
  }

  it('refuses a mistyped ID number with a Chinese message naming the field, and sends nothing', async () => {
    await panel();
    await search('身份证号', '110105194912310021');
    expect(await screen.findByText('身份证号校验位不符，请与来电人再核对一遍')).toBeTruthy();
    await search('身份证号', '11010519490231002X');
    expect(await screen.findByText('身份证号中的出生日期不存在或晚于今天')).toBeTruthy();
    await search('姓名+尾号', '张三');
    expect(await screen.findByText('按姓名查询时请填写卡号或证件号后4-6位')).toBeTruthy();
    expect(store.lookups).toEqual([]);
  });

  it('shows the authority, its phone to dial, the notice, victim vs payee and the matching script', async () => {
    await panel();
    await search('身份证号', '110105 19491231 002x');
    await waitFor(() => expect(screen.getAllByTestId('freeze-result')).toHaveLength(2));
    expect(store.lookups).toEqual([{ by: 'idNumber', value: ID }]);
    const [victim, payee] = screen.getAllByTestId('freeze-result');
    expect(within(victim!).getByTestId('result-role').textContent).toBe('受害人');
    expect(within(victim!).getByTestId('result-authority').textContent).toBe('深圳市公安局南山分局');
    expect(within(victim!).getByTestId('result-notice').textContent).toBe('深南公(反诈)止字〔2026〕1234号');
    expect(within(victim!).getByTestId('guidance-text').textContent).toBe('请您联系深圳市公安局南山分局，电话0755-26600110，文书号深南公(反诈)止字〔2026〕1234号。');
    expect(within(payee!).getByTestId('result-role').textContent).toBe('涉案资金收款方');
    expect(within(payee!).getByTestId('guidance-script').dataset.templateKey).toBe('freeze-inquiry.payee');
    expect(within(payee!).getByTestId('guidance-text').textContent).toBe('您的账户涉嫌接收诈骗资金，请联系重庆市公安局渝中区分局配合核查。');
    fireEvent.click(within(payee!).getByTestId('dial-authority'));
    expect(dialled).toEqual(['023-63751110']);
  });

  it('warns about a Luhn failure but still searches', async () => {
    await panel();
    await search('卡号/账号', '6222 0200 0000 0000 008');
    expect(await screen.findByTestId('lookup-warning-card-luhn')).toBeTruthy();
    await waitFor(() => expect(store.lookups).toEqual([{ by: 'account', value: '6222020000000000008' }]));
    expect(await screen.findByText('未找到冻结记录')).toBeTruthy();
  });

  it('reveals a masked field only with a reason of at least 4 characters, naming the case for the audit', async () => {
    await panel({ caseId: CASE });
    await search('卡号/账号', CARD);
    const card = (await screen.findAllByTestId('freeze-result'))[0]!;
    expect(within(card).getByTestId('value-idNumber').textContent).toBe('110105********002X');
    fireEvent.click(within(card).getByTestId('reveal-idNumber'));
    const reason = within(card).getByTestId('reveal-reason-idNumber');
    fireEvent.change(reason, { target: { value: '核实' } });
    fireEvent.keyDown(reason, { key: 'Enter' });
    expect(await within(card).findByText('查看原因至少 4 个字')).toBeTruthy();
    expect(store.reveals).toEqual([]);
    fireEvent.change(reason, { target: { value: '来电人已核实为本人' } });
    fireEvent.click(within(card).getByTestId('reveal-confirm-idNumber'));
    await waitFor(() => expect(within(card).getByTestId('value-idNumber').textContent).toBe(ID));
    expect(store.reveals).toEqual([{ id: store.records[0]!.view.id, field: 'idNumber', reason: '来电人已核实为本人', caseId: CASE }]);
    expect(store.lookups).toEqual([{ by: 'account', value: CARD, caseId: CASE }]);
  });

  it('offline, shows the cached answer marked with its age, and says so when there is none', async () => {
    await panel();
    await search('手机号', '138 0013 8000');
    await waitFor(() => expect(screen.getAllByTestId('freeze-result')).toHaveLength(1));
    expect(screen.queryByTestId('lookup-cached')).toBeNull();

    store.online = false;
    now += 12 * 60_000;
    vi.spyOn(Date, 'now').mockReturnValue(now);
    await search('手机号', '13800138000');
    expect((await screen.findByTestId('lookup-cached')).textContent).toContain('12 分钟前');
    expect(screen.getAllByTestId('freeze-result')).toHaveLength(1);
    expect(screen.getByTestId('result-authority').textContent).toBe('深圳市公安局南山分局');

    await search('手机号', '13900139000');
    expect(await screen.findByTestId('lookup-offline')).toBeTruthy();
    expect(screen.queryAllByTestId('freeze-result')).toHaveLength(0);
  });

  it('works from the keyboard: ↓ into the results, ↓ to the next, Enter inserts its script into the note', async () => {
    await panel({ withNote: true });
    const note = screen.getByTestId('note-input') as HTMLTextAreaElement;
    await waitFor(() => expect(note.disabled).toBe(false));
    fireEvent.change(note, { target: { value: '来电人称银行卡被冻结。' } });
    await search('身份证号', ID);
    await waitFor(() => expect(screen.getAllByTestId('freeze-result')).toHaveLength(2));
    fireEvent.keyDown(valueInput(), { key: 'ArrowDown' });
    const list = screen.getByTestId('lookup-results');
    expect(document.activeElement).toBe(list);
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('freeze-result').map((r) => r.dataset.selected)).toEqual(['false', 'true']);
    await act(async () => {
      fireEvent.keyDown(list, { key: 'Enter' });
    });
    expect(note.value).toBe('来电人称银行卡被冻结。\n您的账户涉嫌接收诈骗资金，请联系重庆市公安局渝中区分局配合核查。');
  });

  it('speaks English when asked', async () => {
    await panel({ locale: 'en' });
    await search('ID number', '110105194912310021');
    expect(await screen.findByText('ID number: the check character does not match; read it back to the caller')).toBeTruthy();
  });
});
