import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRecordStore } from '../../../../test/fakes/web/fake-record-store';
import { freezeRecord, template } from '../../../../test/fakes/web/freeze-fixtures';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { CaseworkProvider, useCasework } from '../../state/casework-context';
import { DeskDb } from '../../storage/db';
import { NoteEditor } from '../call-note/NoteEditor';
import { TemplatesPanel } from './TemplatesPanel';
import { TemplatesProvider } from './templates-provider';

const CALL = '5e2d7c1a-9b8f-4e6d-a5c4-b3a2918f7e6d';

describe('TemplatesPanel', () => {
  let db: DeskDb;
  let store: FakeRecordStore;
  beforeEach(() => {
    db = new DeskDb(`templates-${crypto.randomUUID()}`);
    store = new FakeRecordStore();
    store.templates = [
      template({ key: 'general.opening', title: '开场白', body: '您好，这里是96110反诈专线，我是{{agentName|接线员}}。', keywords: ['问候', 'kcb'] }),
      template({ key: 'freeze-inquiry.victim', scenario: 'freeze-inquiry', title: '冻结查询·受害人', body: '请联系{{authority|当地公安机关}}，电话{{authorityPhone}}。' }),
      template({ key: 'order-brushing.warning', scenario: 'warning-call', fraudType: 'order-brushing-rebate', title: '刷单返利劝阻', body: '所有刷单都是诈骗，先垫付后返利是骗局。' }),
      template({ key: 'gambling.counsel', scenario: 'counselling', fraudType: 'online-gambling', title: '网络赌博疏导', body: '网络赌博平台后台可以操控输赢。' }),
      template({ key: 'sms.low-risk', channel: 'sms', scenario: 'warning-call', title: '低危预警短信', body: '【96110】您可能正在遭遇诈骗，请勿转账，如有疑问请拨打96110。' }),
      template({ key: 'sms.bad', channel: 'sms', scenario: 'warning-call', title: '不合规短信', body: '详情请访问 www.example.com 或致电 13800138000。' }),
    ];
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  function PickRecord() {
    const { setFreezeRecord } = useCasework();
    return (
      <button type="button" data-testid="pick" onClick={() => setFreezeRecord(freezeRecord())}>
        pick
      </button>
    );
  }

  async function panel(withNote = false) {
    await renderWithProviders(
      <CaseworkProvider>
        <TemplatesProvider api={store} db={db}>
          <PickRecord />
          <TemplatesPanel callerNumber="13800138000" agentName="李警官" />
          {withNote && <NoteEditor db={db} callId={CALL} onCommitted={() => undefined} />}
        </TemplatesProvider>
      </CaseworkProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('template-card')).toHaveLength(6), { timeout: 5000 });
  }
  const keys = () => screen.getAllByTestId('template-card').map((c) => c.dataset.key);
  const search = () => screen.getByTestId('templates-search') as HTMLInputElement;

  it('searches title, body and keywords, every word', async () => {
    await panel();
    fireEvent.change(search(), { target: { value: '刷单' } });
    expect(keys()).toEqual(['order-brushing.warning']);
    fireEvent.change(search(), { target: { value: 'KCB' } });
    expect(keys()).toEqual(['general.opening']);
    fireEvent.change(search(), { target: { value: '操控 输赢' } });
    expect(keys()).toEqual(['gambling.counsel']);
    fireEvent.change(search(), { target: { value: '操控 刷单' } });
    expect(screen.queryAllByTestId('template-card')).toHaveLength(0);
  });

  it('filters by scenario and by fraud type (templates for every type stay)', async () => {
    await panel();
    fireEvent.click(screen.getByTestId('templates-fraud-type'));
    fireEvent.click(await screen.findByRole('option', { name: '网络赌博', hidden: true }));
    await waitFor(() => expect(keys()).not.toContain('order-brushing.warning'));
    expect(keys()[0]).toBe('gambling.counsel');
    expect(keys()).toContain('general.opening');
    fireEvent.click(screen.getByTestId('templates-scenario'));
    fireEvent.click(await screen.findByRole('option', { name: '冻结查询', hidden: true }));
    await waitFor(() => expect(keys()).toEqual(['freeze-inquiry.victim']));
  });

  it('fills placeholders from the call and the picked freeze record, with fallbacks', async () => {
    await panel();
    const card = (key: string) => screen.getAllByTestId('template-card').find((c) => c.dataset.key === key)!;
    expect(within(card('general.opening')).getByTestId('template-body').textContent).toBe('您好，这里是96110反诈专线，我是李警官。');
    expect(within(card('freeze-inquiry.victim')).getByTestId('template-body').textContent).toBe('请联系当地公安机关，电话【authorityPhone】。');
    fireEvent.click(screen.getByTestId('pick'));
    await waitFor(() => expect(within(card('freeze-inquiry.victim')).getByTestId('template-body').textContent).toBe('请联系深圳市公安局南山分局，电话0755-26600110。'));
  });

  it('checks SMS templates against the 12381 rule', async () => {
    await panel();
    const sms = screen.getAllByTestId('sms-check').map((b) => b.textContent);
    expect(sms).toEqual(expect.arrayContaining(['符合 12381 短信规范', '含链接 · 含非官方号码']));
    expect(sms).toHaveLength(2);
  });

  it('keyboard: ↓ moves, Enter inserts the filled template into the open note', async () => {
    await panel(true);
    const note = screen.getByTestId('note-input') as HTMLTextAreaElement;
    await waitFor(() => expect(note.disabled).toBe(false));
    fireEvent.change(search(), { target: { value: '96110' } });
    // No title hit: ordered by title (pinyin: 低 di before 开 kai).
    expect(keys()).toEqual(['sms.low-risk', 'general.opening']);
    // Nothing is picked until ↓ enters the list (issue 17: ↓ Enter inserts the first, not the second).
    expect(screen.getAllByTestId('template-card').map((c) => c.dataset.highlighted)).toEqual(['false', 'false']);
    fireEvent.keyDown(search(), { key: 'ArrowDown' });
    expect(screen.getAllByTestId('template-card').map((c) => c.dataset.highlighted)).toEqual(['true', 'false']);
    fireEvent.keyDown(search(), { key: 'ArrowDown' });
    expect(screen.getAllByTestId('template-card').map((c) => c.dataset.highlighted)).toEqual(['false', 'true']);
    await act(async () => {
      fireEvent.keyDown(search(), { key: 'Enter' });
    });
    expect(note.value).toBe('您好，这里是96110反诈专线，我是李警官。');
    fireEvent.keyDown(search(), { key: 'ArrowUp' });
    await act(async () => {
      fireEvent.keyDown(search(), { key: 'Enter' });
    });
    expect(note.value).toBe('您好，这里是96110反诈专线，我是李警官。\n【96110】您可能正在遭遇诈骗，请勿转账，如有疑问请拨打96110。');
  });

  it('a script already in the note is not inserted twice without asking: Enter again inserts it, Esc or a move drops the question', async () => {
    await panel(true);
    const note = screen.getByTestId('note-input') as HTMLTextAreaElement;
    await waitFor(() => expect(note.disabled).toBe(false));
    const opening = '您好，这里是96110反诈专线，我是李警官。';
    fireEvent.change(search(), { target: { value: '开场' } });
    fireEvent.keyDown(search(), { key: 'ArrowDown' });
    const enter = async () => act(async () => void fireEvent.keyDown(search(), { key: 'Enter' }));
    await enter();
    expect(note.value).toBe(opening);
    // Already in the note: it asks instead of inserting.
    await enter();
    expect(note.value).toBe(opening);
    expect(screen.getByTestId('templates-status').dataset.asking).toBe('duplicate');
    expect(screen.getByTestId('templates-status').textContent).toContain('已在通话记录中');
    // Esc drops the question; the next Enter asks again.
    fireEvent.keyDown(search(), { key: 'Escape' });
    expect(screen.getByTestId('templates-status').dataset.asking).toBeUndefined();
    await enter();
    expect(note.value).toBe(opening);
    // Enter on the question inserts it a second time.
    await enter();
    expect(note.value).toBe(`${opening}\n${opening}`);
    expect(screen.getByTestId('templates-status').dataset.asking).toBeUndefined();
  });

  it('says so when no note is open', async () => {
    await panel();
    await waitFor(() => expect(screen.getAllByTestId('template-card').length).toBeGreaterThan(0));
    fireEvent.keyDown(search(), { key: 'ArrowDown' });
    fireEvent.keyDown(search(), { key: 'Enter' });
    expect(screen.getByTestId('templates-status').textContent).toBe('没有打开的通话记录，无法插入');
  });

  it('offline, shows the cached set and says when it was fetched', async () => {
    await panel();
    cleanup();
    store.online = false;
    await renderWithProviders(
      <TemplatesProvider api={store} db={db}>
        <TemplatesPanel callerNumber={null} agentName={null} />
      </TemplatesProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('template-card')).toHaveLength(6));
    expect((await screen.findByTestId('templates-cached')).textContent).toContain('记录库无法连接');
  });
});
