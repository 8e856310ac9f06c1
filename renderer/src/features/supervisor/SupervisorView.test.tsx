import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WarningInstruction } from '@shared/schemas/warning';
import { useLayoutBox } from '../../../../test/fakes/web/layout-box';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { RecordStoreHttpError } from '../../sync/record-store-client';
import { agent, board, FakeSupervisorApi, instructionOf, MIN, NOW, open, OTHER_UNIT } from '../../../../test/fakes/web/supervisor-test-kit';
import { SupervisorSwitch } from './SupervisorSwitch';
import { SupervisorView } from './SupervisorView';
import { SUPERVISOR_POLL_MS } from './use-supervisor-data';

async function renderView(api: FakeSupervisorApi, options: { lastPullAt?: number | null; locale?: 'zh-CN' | 'en' } = {}) {
  const result = await renderWithProviders(<SupervisorView api={api} clock={() => NOW} lastPullAt={options.lastPullAt ?? null} />, options.locale);
  await screen.findByTestId('supervisor-reassign');
  return result;
}
const change = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('SupervisorView', () => {
  useLayoutBox(600, 800);
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('shows the grade × state counts, the overdue list oldest first with ages, agents’ states and the workload with charts and a table', async () => {
    const [wang, li] = [agent({ displayName: '王坐席', state: 'on-call', since: NOW - 3 * MIN }), agent({ displayName: '李坐席', state: 'not-ready', reason: 'meal' })];
    const old = open({ grade: 'medium', issuedAt: NOW - 300 * MIN, overdueAt: NOW - 60 * MIN, overdue: true, personName: '张三', assigneeId: wang.id });
    const late = open({ grade: 'high', issuedAt: NOW - 90 * MIN, overdueAt: NOW - 30 * MIN, overdue: true, personName: '李四' });
    const fresh = open({ grade: 'extreme', state: 'calling' });
    const api = new FakeSupervisorApi(board([late, fresh, old], [wang, li]), {
      date: '2026-11-21',
      from: 0,
      to: 1,
      at: NOW,
      agents: [
        { ...wang, calls: 12, talkMs: 95 * MIN, instructionsClosed: 4, dissuaded: 3 },
        { ...li, calls: 3, talkMs: 7 * MIN, instructionsClosed: 0, dissuaded: 0 },
      ],
    });
    await renderView(api);

    expect(screen.getByTestId('supervisor-updated').textContent).toMatch(/^更新于 \d{2}:\d{2}:\d{2}$/);
    expect(screen.getByTestId('board-cell-high-issued').textContent).toBe('1');
    expect(screen.getByTestId('board-cell-extreme-calling').textContent).toBe('1');
    expect(screen.getByTestId('board-cell-high-calling').textContent).toBe('0');
    expect(screen.getByTestId('board-total').textContent).toBe('3');
    const highRow = screen.getByTestId('supervisor-board').querySelector('tr[data-grade="high"] th') as HTMLElement;
    expect(highRow.style.borderLeft).toContain('rgb(211, 47, 47)');

    const overdue = screen.getAllByTestId('overdue-row');
    expect(overdue.map((r) => r.dataset.id)).toEqual([old.id, late.id]);
    expect(within(overdue[0] as HTMLElement).getByTestId('overdue-age').textContent).toBe('5 小时 0 分钟');
    expect(within(overdue[0] as HTMLElement).getByTestId('overdue-assignee').textContent).toBe('王坐席');
    expect(within(overdue[1] as HTMLElement).getByTestId('overdue-assignee').textContent).toBe('未分派');
    expect(screen.getByTestId('supervisor-overdue-count').textContent).toContain('超时 2 条');

    const states = screen.getAllByTestId('agent-state').map((s) => s.textContent);
    expect(states).toEqual(['通话中', '未就绪 · 用餐']);

    const rows = screen.getAllByTestId('workload-row');
    expect(rows.map((r) => within(r).getByTestId('workload-calls').textContent)).toEqual(['12', '3']);
    expect(within(rows[0] as HTMLElement).getByTestId('workload-talk').textContent).toBe('1 小时 35 分钟');
    expect(within(rows[0] as HTMLElement).getByTestId('workload-closed').textContent).toBe('4');
    for (const chart of ['workload-calls-chart', 'workload-talk-chart']) {
      const figure = screen.getByTestId(chart);
      expect(figure.querySelector('svg'), chart).not.toBeNull();
      expect(figure.querySelectorAll('.recharts-bar-rectangle').length, chart).toBe(2);
    }
  });

  it('reassigns only after the server accepted, sending the assignee it showed; the reason and agent are required', async () => {
    const [wang, li, elsewhere, boss] = [
      agent({ displayName: '王坐席' }),
      agent({ displayName: '李坐席' }),
      agent({ displayName: '外单位', orgUnitId: OTHER_UNIT }),
      agent({ displayName: '班长', role: 'supervisor' }),
    ];
    const late = open({ overdue: true, overdueAt: NOW - MIN, issuedAt: NOW - 61 * MIN, assigneeId: wang.id });
    const api = new FakeSupervisorApi(board([late], [wang, li, elsewhere, boss]));
    let accept: (value: WarningInstruction) => void = () => undefined;
    api.answer = () => new Promise((resolve) => (accept = resolve));
    await renderView(api);

    fireEvent.click(screen.getByTestId('reassign-submit'));
    expect(await screen.findByText('请选择指令')).toBeTruthy();
    change('reassign-instruction', late.id);
    expect(screen.getByTestId('reassign-current').textContent).toContain('王坐席');
    // Only call-takers of the instruction's unit, not the current assignee.
    const options = [...(screen.getByTestId('reassign-agent') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['', li.id]);
    change('reassign-agent', li.id);
    change('reassign-reason', '   ');
    fireEvent.click(screen.getByTestId('reassign-submit'));
    expect(await screen.findByText('请填写改派原因')).toBeTruthy();
    expect(api.reassignments).toEqual([]);

    change('reassign-reason', ' 王坐席下班 ');
    fireEvent.click(screen.getByTestId('reassign-submit'));
    await waitFor(() => expect(api.reassignments).toHaveLength(1));
    expect(api.reassignments[0]).toEqual({ id: late.id, body: { assigneeId: li.id, reason: '王坐席下班', expectedAssigneeId: wang.id } });
    // Not yet accepted: the row still shows the old assignee.
    expect(within(screen.getByTestId('overdue-row')).getByTestId('overdue-assignee').textContent).toBe('王坐席');
    await act(async () => accept(instructionOf(late, li.id)));
    await waitFor(() => expect(within(screen.getByTestId('overdue-row')).getByTestId('overdue-assignee').textContent).toBe('李坐席'));
    expect(screen.getByTestId('reassign-notice').textContent).toBe('已改派给李坐席');
    expect((screen.getByTestId('reassign-reason') as HTMLTextAreaElement).value).toBe('');
  });

  it('on a refusal keeps the row, says why, and re-reads the board', async () => {
    const [wang, li] = [agent({ displayName: '王坐席' }), agent({ displayName: '李坐席' })];
    const item = open({ assigneeId: null });
    const api = new FakeSupervisorApi(board([item], [wang, li]));
    api.answer = async () => {
      throw new RecordStoreHttpError(409, 'conflict', 'assigned to someone else now');
    };
    await renderView(api);
    const before = api.boards;
    change('reassign-instruction', item.id);
    change('reassign-agent', li.id);
    change('reassign-reason', '调整');
    fireEvent.click(screen.getByTestId('reassign-submit'));
    await waitFor(() => expect(screen.getByTestId('reassign-notice').textContent).toContain('assigned to someone else now'));
    await waitFor(() => expect(api.boards).toBeGreaterThan(before));
    expect(screen.getByTestId('reassign-notice').textContent).toContain('记录库拒绝了改派');
  });

  it('re-reads after each sync pull', async () => {
    const api = new FakeSupervisorApi(board([open()], [agent()]));
    /** Stands in for the sync loop: each click is one more pull. */
    function Harness() {
      const [pulledAt, setPulledAt] = useState(1);
      return (
        <>
          <button type="button" onClick={() => setPulledAt((p) => p + 1)}>
            pull
          </button>
          <SupervisorView api={api} clock={() => NOW} lastPullAt={pulledAt} />
        </>
      );
    }
    await renderWithProviders(<Harness />);
    await waitFor(() => expect(api.boards).toBeGreaterThanOrEqual(2));
    const afterPull = api.boards;
    fireEvent.click(screen.getByText('pull'));
    // At least one more read (under load a read already under way may land too); the 10 s poll cannot fire this soon.
    await waitFor(() => expect(api.boards).toBeGreaterThan(afterPull), { timeout: 5000 });
  });

  it('re-reads every 10 s while the window is visible, not while hidden', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const api = new FakeSupervisorApi(board([open()], [agent()]));
    await renderView(api);
    const before = api.boards;
    await act(async () => vi.advanceTimersByTimeAsync(SUPERVISOR_POLL_MS + 10));
    expect(api.boards).toBe(before + 1);
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      await act(async () => vi.advanceTimersByTimeAsync(3 * SUPERVISOR_POLL_MS));
      expect(api.boards).toBe(before + 1);
    } finally {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    }
  });

  it('asks the workload of a chosen day; a malformed day is refused on screen in the user’s language', async () => {
    const api = new FakeSupervisorApi(board([], [agent()]));
    await renderView(api, { locale: 'en' });
    expect(screen.getByText('No open instructions')).toBeTruthy();
    // The date field only yields well-formed days; one before the record store's range is refused here.
    change('workload-date', '1999-12-31');
    expect(await screen.findByText('Enter a real date from 2000 on (year-month-day)')).toBeTruthy();
    change('workload-date', '2026-11-20');
    await waitFor(() => expect(api.workloadDates.at(-1)).toBe('2026-11-20'));
    expect(api.workloadDates).not.toContain('1999-12-31');
    expect(screen.getByText('Workload on 2026-11-20')).toBeTruthy();
  });
});

describe('SupervisorSwitch', () => {
  afterEach(() => cleanup());

  it('shows the workstation only to non-supervisors', async () => {
    await renderWithProviders(
      <SupervisorSwitch role="call-taker" view={<div data-testid="sv" />}>
        <div data-testid="desk" />
      </SupervisorSwitch>,
    );
    expect(screen.getByTestId('desk')).toBeTruthy();
    expect(screen.queryByTestId('supervisor-switch')).toBeNull();
    expect(screen.queryByText('班长视图')).toBeNull();
  });

  it('opens a supervisor on 班长视图 and switches while the workstation stays mounted', async () => {
    await renderWithProviders(
      <SupervisorSwitch role="supervisor" view={<div data-testid="sv" />}>
        <div data-testid="desk" />
      </SupervisorSwitch>,
    );
    expect(screen.getByTestId('sv')).toBeTruthy();
    expect((screen.getByTestId('desk-view') as HTMLElement).hidden).toBe(true);
    fireEvent.click(screen.getByText('工作台'));
    await waitFor(() => expect(screen.queryByTestId('sv')).toBeNull());
    expect((screen.getByTestId('desk-view') as HTMLElement).hidden).toBe(false);
    fireEvent.click(screen.getByText('班长视图'));
    expect(await screen.findByTestId('sv')).toBeTruthy();
    expect(screen.getByTestId('desk')).toBeTruthy();
    expect((screen.getByTestId('desk-view') as HTMLElement).hidden).toBe(true);
  });

  it('brings the workstation back when a call rings', async () => {
    function Harness() {
      const [ringing, setRinging] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setRinging((r) => !r)}>
            ring
          </button>
          <SupervisorSwitch role="supervisor" ringing={ringing} view={<div data-testid="sv" />}>
            <div data-testid="desk" />
          </SupervisorSwitch>
        </>
      );
    }
    await renderWithProviders(<Harness />);
    fireEvent.click(screen.getByText('班长视图'));
    expect(await screen.findByTestId('sv')).toBeTruthy();
    fireEvent.click(screen.getByText('ring'));
    await waitFor(() => expect(screen.queryByTestId('sv')).toBeNull());
    expect((screen.getByTestId('desk-view') as HTMLElement).hidden).toBe(false);
    // While it still rings, the supervisor may look at the board again.
    fireEvent.click(screen.getByText('班长视图'));
    expect(await screen.findByTestId('sv')).toBeTruthy();
  });
});
