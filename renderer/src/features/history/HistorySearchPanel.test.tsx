import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseNumberOf, shanghaiDayRange } from '@shared/schemas/case-number';
import type { HistoryItem, HistorySearchInput, HistorySearchResponse } from '@shared/schemas/history';
import { callRecordFixture } from '../../../../test/fakes/web/call-record';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { saveCallRecord } from '../../storage/call-repository';
import { openCaseForCall, setCaseFields } from '../../storage/case-repository';
import { DeskDb } from '../../storage/db';
import { RecordStoreUnreachableError } from '../../sync/record-store-client';
import { HistorySearchPanel } from './HistorySearchPanel';
import type { HistorySearchApi } from './history-search-service';

const DAY = shanghaiDayRange('2026-11-21')!;
const REMOTE = '5d1f3c2a-7b6e-4d5c-9a8b-1c2d3e4f5a6b';

function item(caseId: string, createdAt: number, patch: Partial<HistoryItem> = {}): HistoryItem {
  return {
    caseId,
    caseNumber: caseNumberOf({ id: caseId, createdAt }),
    callRecordId: null,
    callerNumber: '+8613800138000',
    direction: 'inbound',
    callType: 'counselling',
    disposition: 'resolved',
    fraudType: null,
    status: 'final',
    createdAt,
    finalisedAt: createdAt,
    fields: { presentingIssue: '网赌输了八万', riskIntent: false },
    matchedBy: 'number',
    idNumberMasked: null,
    ...patch,
  };
}

class FakeHistoryApi implements HistorySearchApi {
  online = true;
  readonly asked: HistorySearchInput[] = [];
  pages: HistorySearchResponse[] = [];
  async searchHistory(query: HistorySearchInput): Promise<HistorySearchResponse> {
    this.asked.push(query);
    if (!this.online) throw new RecordStoreUnreachableError(new TypeError('fetch failed'));
    return this.pages.shift() ?? { items: [], nextCursor: null, at: 0 };
  }
}

describe('HistorySearchPanel', () => {
  let db: DeskDb;
  let api: FakeHistoryApi;
  beforeEach(() => {
    db = new DeskDb(`history-panel-${crypto.randomUUID()}`);
    api = new FakeHistoryApi();
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  const type = (field: string, value: string) => fireEvent.change(screen.getByTestId(`history-${field}`), { target: { value } });
  const submit = () => fireEvent.submit(screen.getByTestId('history-number').closest('form')!);
  async function logged(remoteNumber: string, at: number) {
    const record = callRecordFixture({ remoteNumber, startedAt: at });
    await saveCallRecord(db, record);
    return openCaseForCall(db, record, at);
  }

  it('names each bad field in Chinese and sends nothing', async () => {
    await renderWithProviders(<HistorySearchPanel deps={{ api, db }} />);
    submit();
    expect((await screen.findByTestId('history-error-criteria')).textContent).toBe('请至少填写一项查询条件');
    type('number', '12a');
    type('caseNumber', '20261340-ABCDEF');
    type('idNumber', '110105194912310021');
    submit();
    expect(await screen.findByText('请输入完整号码或至少 4 位尾号（只能是数字）')).toBeTruthy();
    expect(screen.getByText('案件编号格式为 年月日-6 位编码，如 20261121-3A6F9E')).toBeTruthy();
    expect(screen.getByText('身份证号不正确，请核对')).toBeTruthy();
    expect(api.asked).toEqual([]);
  });

  it('names a reversed date range in English', async () => {
    await renderWithProviders(<HistorySearchPanel deps={{ api, db }} />, 'en');
    type('from', '2026-11-21');
    type('to', '2026-11-20');
    submit();
    expect(await screen.findByText('The end date must be after the start date')).toBeTruthy();
    expect(api.asked).toEqual([]);
  });

  it('shows local rows merged with the record store’s, marks server-only rows, and opens a case read-only', async () => {
    const mine = await logged('13800138000', DAY.from + 3_600_000);
    await setCaseFields(db, mine.id, { callType: 'consultation', fields: { situation: '账户被冻结' } });
    api.pages = [{ items: [item(mine.id, mine.createdAt), item(REMOTE, DAY.from + 7_200_000)], nextCursor: null, at: 0 }];
    await renderWithProviders(<HistorySearchPanel deps={{ api, db }} />);
    type('number', '138 0013 8000');
    submit();
    await waitFor(() => expect(screen.getAllByTestId('history-result')).toHaveLength(2));
    expect(api.asked[0]).toMatchObject({ number: '13800138000' });
    const [first, second] = screen.getAllByTestId('history-result');
    expect(first!.getAttribute('data-origin')).toBe('server');
    expect(within(first!).getByTestId('history-server-only').textContent).toBe('仅记录库');
    expect(second!.getAttribute('data-origin')).toBe('both');
    expect(second!.textContent).toContain(caseNumberOf(mine));
    expect(second!.textContent).toContain('防骗咨询');

    fireEvent.click(first!);
    const summary = await screen.findByTestId('history-summary');
    expect(summary.textContent).toContain(caseNumberOf({ id: REMOTE, createdAt: DAY.from + 7_200_000 }));
    expect(summary.textContent).toContain('网赌输了八万');
    expect(summary.querySelectorAll('input, textarea, select')).toHaveLength(0);
  });

  it('offline: says the record store is unreachable and keeps the local results', async () => {
    await logged('13800138000', DAY.from + 3_600_000);
    api.online = false;
    await renderWithProviders(<HistorySearchPanel deps={{ api, db }} />);
    type('number', '8000');
    submit();
    expect(await screen.findByTestId('history-note-offlineLocal')).toBeTruthy();
    expect(screen.getAllByTestId('history-result')).toHaveLength(1);
    type('number', '');
    type('idNumber', '11010519491231002X');
    submit();
    expect(await screen.findByTestId('history-note-idNeedsServer')).toBeTruthy();
    expect(screen.getByTestId('history-count').textContent).toBe('没有符合条件的记录');
  });

  it('pages further record store results on request', async () => {
    const second = 'a1f3c2a7-7b6e-4d5c-9a8b-1c2d3e4f5a6b';
    api.pages = [
      { items: [item(REMOTE, DAY.from + 7_200_000)], nextCursor: `${DAY.from + 7_200_000}:${REMOTE}`, at: 0 },
      { items: [item(second, DAY.from + 3_600_000)], nextCursor: null, at: 0 },
    ];
    await renderWithProviders(<HistorySearchPanel deps={{ api, db }} />);
    type('from', '2026-11-21');
    type('to', '2026-11-21');
    submit();
    fireEvent.click(await screen.findByTestId('history-more'));
    await waitFor(() => expect(screen.getAllByTestId('history-result')).toHaveLength(2));
    expect(api.asked.map((q) => [q.from, q.to, q.cursor])).toEqual([
      [String(DAY.from), String(DAY.to), undefined],
      [String(DAY.from), String(DAY.to), `${DAY.from + 7_200_000}:${REMOTE}`],
    ]);
    expect(screen.queryByTestId('history-more')).toBeNull();
  });
});
