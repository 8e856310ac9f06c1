import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { FakeRecordStore } from '../../../../test/fakes/web/fake-record-store';
import { freezeRecord } from '../../../../test/fakes/web/freeze-fixtures';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { createCacheKey } from '../../host/cache-key-store';
import { CaseworkProvider } from '../../state/casework-context';
import { openCaseForCall } from '../../storage/case-repository';
import { DeskDb, type LocalCase } from '../../storage/db';
import { FreezeLookupPanel } from '../freeze-lookup';
import { CaseForm } from './CaseForm';

const CARD = '6222021234567891234';
const record: CallRecord = {
  id: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f70',
  sipCallId: 'prefill@pbx',
  direction: 'inbound',
  remoteNumber: '13900139000',
  dialedNumber: '96110',
  startedAt: 1_700_000_000_000,
  answeredAt: 1_700_000_001_000,
  endedAt: null,
  endReason: null,
};

describe('a picked look-up result pre-fills the case', () => {
  let db: DeskDb;
  let store: FakeRecordStore;
  let opened: LocalCase;
  beforeEach(async () => {
    db = new DeskDb(`prefill-${crypto.randomUUID()}`);
    opened = await openCaseForCall(db, record);
    store = new FakeRecordStore();
    store.records = [
      { view: freezeRecord({ accountNumber: '**** **** **** 1234', measureType: 'freeze' }), clear: { holderName: '王五', idNumber: null, phone: null, accountNumber: CARD } },
      {
        view: freezeRecord({ id: '0b5c2a8e-6f0d-4a43-9d1e-6a9e4f1d2c09', accountNumber: '**** **** **** 1234', holderRole: 'payee', authority: '重庆市公安局渝中区分局', authorityPhone: '023-63751110' }),
        clear: { holderName: '王五', idNumber: null, phone: null, accountNumber: CARD },
      },
    ];
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  async function render(stored: LocalCase | null) {
    const key = await createCacheKey();
    const deps = { api: store, db, cacheKey: async () => key };
    await renderWithProviders(
      <CaseworkProvider>
        <FreezeLookupPanel deps={deps} callerNumber={record.remoteNumber} agentName="李警官" onDial={() => undefined} caseId={opened.id} />
        {stored && <CaseForm db={db} stored={stored} onSaved={() => undefined} />}
      </CaseworkProvider>,
    );
    const input = screen.getByTestId('lookup-value');
    fireEvent.change(input, { target: { value: CARD } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('freeze-result')).toHaveLength(2), { timeout: 5000 });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    return screen.getByTestId('lookup-results');
  }
  const field = (k: string) => screen.getByTestId(`case-field-${k}`) as HTMLInputElement;

  it('Enter on the focused result fills the empty items, keeps what was typed, says what it filled, and saves it', async () => {
    const list = await render(opened);
    // The call-taker already chose the call type and typed the bank differently.
    fireEvent.click(within(screen.getByTestId('case-call-type')).getByText('冻结查询'));
    fireEvent.change(field('institution'), { target: { value: '工行深圳分行' } });
    await act(async () => {
      fireEvent.keyDown(list, { key: 'Enter' });
    });
    expect(field('institution').value).toBe('工行深圳分行');
    expect(field('authority').value).toBe('深圳市公安局南山分局');
    expect(field('authorityPhone').value).toBe('0755-26600110');
    expect(field('lookupResultRef').value).toBe('深南公(反诈)止字〔2026〕1234号');
    expect(field('accountNumberMasked').value).toBe('622202*********1234');
    expect((field('measureType') as unknown as HTMLSelectElement).value).toBe('freeze');
    expect((field('fundsRole') as unknown as HTMLSelectElement).value).toBe('victim');
    const shown = screen.getByTestId('case-prefilled');
    expect(shown.dataset.fields?.split(' ')).not.toContain('institution');
    expect(shown.textContent).toContain('冻结机关');
    expect(screen.getByTestId('lookup-notice').textContent).toContain('已从查询结果填入');
    await waitFor(async () =>
      expect((await db.cases.get(opened.id))?.fields).toMatchObject({
        institution: '工行深圳分行',
        freezeRecordId: store.records[0]!.view.id,
        authority: '深圳市公安局南山分局',
        accountNumberMasked: '622202*********1234',
        fundsRole: 'victim',
        measureType: 'freeze',
      }),
    );
  });

  it('makes an unclassified case a freeze inquiry; picking another result replaces only its own values', async () => {
    const list = await render(opened);
    expect(screen.queryByTestId('section-freeze-inquiry')).toBeNull();
    await act(async () => {
      fireEvent.keyDown(list, { key: 'Enter' });
    });
    expect(screen.getByTestId('section-freeze-inquiry')).toBeTruthy();
    fireEvent.change(field('authorityPhone'), { target: { value: '0755-11112222' } });
    fireEvent.click(within(screen.getAllByTestId('freeze-result')[1]!).getByTestId('fill-case'));
    expect(field('authority').value).toBe('重庆市公安局渝中区分局');
    expect(field('authorityPhone').value).toBe('0755-11112222');
    expect((field('fundsRole') as unknown as HTMLSelectElement).value).toBe('payee');
    await waitFor(async () => expect(await db.cases.get(opened.id)).toMatchObject({ callType: 'freeze-inquiry', fields: { authority: '重庆市公安局渝中区分局', authorityPhone: '0755-11112222' } }));
  });

  it('leaves a case the call-taker classified as another type alone, and says why', async () => {
    const list = await render(opened);
    fireEvent.click(within(screen.getByTestId('case-call-type')).getByText('防骗咨询'));
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(screen.getByTestId('lookup-notice').textContent).toContain('其他来电类型');
    expect(screen.queryByTestId('case-prefilled')).toBeNull();
    await waitFor(async () => expect((await db.cases.get(opened.id))?.callType).toBe('consultation'), { timeout: 5000 });
    expect((await db.cases.get(opened.id))?.fields.authority).toBeUndefined();
  });

  it('says so when no case is open', async () => {
    const list = await render(null);
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(screen.getByTestId('lookup-notice').textContent).toContain('没有打开的案件');
  });
});
