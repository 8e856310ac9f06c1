import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WarningInstruction } from '@shared/schemas/warning';
import { useLayoutBox } from '../../../../test/fakes/web/layout-box';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { RecordStoreHttpError } from '../../sync/record-store-client';
import type { QueueItem } from './queue-order';
import { FakeWarningsApi, item, MIN, NOW } from '../../../../test/fakes/web/warnings-test-kit';
import { WarningsTab } from './WarningsTab';

async function renderTab(api: FakeWarningsApi, dialled: string[] = []) {
  const ws = {
    dial: async (number: string) => {
      dialled.push(number);
      return { id: crypto.randomUUID() };
    },
  } as unknown as Workstation;
  await renderWithProviders(
    <WorkstationContext.Provider value={ws}>
      <WarningsTab api={api} clock={() => NOW} />
    </WorkstationContext.Provider>,
  );
  await waitFor(() => expect(api.lists).toBeGreaterThan(0));
}
const rows = () => screen.queryAllByTestId('warning-row');
const rowOf = (id: string) => rows().find((r) => r.dataset.id === id) as HTMLElement;

describe('WarningsTab', () => {
  useLayoutBox();
  afterEach(() => cleanup());

  it('lists by grade then age and highlights overdue instructions', async () => {
    const low = item({ grade: 'low', issuedAt: NOW - 300 * MIN });
    const mediumNew = item({ grade: 'medium', issuedAt: NOW - 5 * MIN });
    const mediumOld = item({ grade: 'medium', issuedAt: NOW - 50 * MIN, overdueAt: NOW - MIN });
    const extreme = item({ grade: 'extreme', issuedAt: NOW - MIN });
    const settled = item({ grade: 'high', state: 'dissuaded', overdueAt: NOW - 30 * MIN });
    await renderTab(new FakeWarningsApi([low, mediumNew, mediumOld, extreme, settled]));
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(rows().map((r) => r.dataset.id)).toEqual([extreme.id, settled.id, mediumOld.id, mediumNew.id, low.id]);
    expect(rows().filter((r) => r.dataset.overdue !== undefined).map((r) => r.dataset.id)).toEqual([mediumOld.id]);
    expect(within(rowOf(mediumOld.id)).getByText('超时')).toBeTruthy();
    expect(within(rowOf(extreme.id)).getByText('特危')).toBeTruthy();
  });

  it('keeps 10,000 instructions scrollable with only a screenful in the DOM', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => item({ grade: (['extreme', 'high', 'medium', 'low'] as const)[i % 4], issuedAt: NOW - i * 1000 }));
    await renderTab(new FakeWarningsApi(many));
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().length).toBeLessThan(60);
    expect(screen.getByTestId('warning-count').textContent).toContain('10000');
    // The first row is the oldest extreme one.
    const oldestExtreme = many.filter((m) => m.grade === 'extreme').sort((a, b) => a.issuedAt - b.issuedAt)[0] as QueueItem;
    expect(rows()[0]?.dataset.id).toBe(oldestExtreme.id);
  });

  it('shows "signed for" only once the server accepted it', async () => {
    const issued = item();
    const api = new FakeWarningsApi([issued]);
    let accept: (value: WarningInstruction) => void = () => undefined;
    api.answer = () => new Promise((resolve) => (accept = resolve));
    await renderTab(api);
    fireEvent.click(rowOf(issued.id));
    fireEvent.click(await screen.findByTestId('warning-sign'));
    await waitFor(() => expect(api.transitions).toEqual([{ id: issued.id, body: { action: 'sign', expectedState: 'issued' } }]));
    expect(within(rowOf(issued.id)).getByTestId('warning-state').textContent).toBe('待签收');
    await act(async () => accept({ ...issued, state: 'signed-for' }));
    await waitFor(() => expect(within(rowOf(issued.id)).getByTestId('warning-state').textContent).toBe('已签收'));
  });

  it('dials in one click after the server accepts "calling", then records the result with one key', async () => {
    const signed = item({ state: 'signed-for', phones: ['13912345678'] });
    const api = new FakeWarningsApi([signed]);
    const dialled: string[] = [];
    await renderTab(api, dialled);
    fireEvent.click(rowOf(signed.id));
    fireEvent.click(await screen.findByTestId('warning-dial'));
    await waitFor(() => expect(dialled).toEqual(['13912345678']));
    expect(api.transitions.map((t) => t.body)).toEqual([{ action: 'call', expectedState: 'signed-for' }]);
    await screen.findByTestId('warning-result-keys');
    await act(async () => {
      fireEvent.keyDown(document.body, { key: '4', code: 'Digit4' });
    });
    await waitFor(() => expect(api.attempts).toHaveLength(1));
    expect(api.attempts[0]?.body).toMatchObject({ channel: 'call', number: '13912345678', result: 'declined', at: NOW });
    await waitFor(() => expect(screen.getByTestId('warning-notice').textContent).toContain('拒接'));
  });

  it('does not dial when the server refuses the step, and reloads to show the server’s state', async () => {
    const signed = item({ state: 'signed-for' });
    const api = new FakeWarningsApi([signed]);
    api.answer = vi.fn(async () => {
      api.items = [{ ...signed, state: 'void' }];
      throw new RecordStoreHttpError(409, 'conflict', 'The instruction is void, not signed-for; reload it.');
    });
    const dialled: string[] = [];
    await renderTab(api, dialled);
    const listsBefore = api.lists;
    fireEvent.click(rowOf(signed.id));
    fireEvent.click(await screen.findByTestId('warning-dial'));
    await waitFor(() => expect(within(rowOf(signed.id)).getByTestId('warning-state').textContent).toBe('已作废'));
    expect(api.lists).toBeGreaterThan(listsBefore);
    expect(dialled).toEqual([]);
    expect(screen.getByTestId('warning-notice').textContent).toContain('服务器未接受');
  });

  it('re-reads the queue after the sync loop reports a pull', async () => {
    const first = item();
    const api = new FakeWarningsApi([first]);
    const ws = { dial: async () => ({ id: crypto.randomUUID() }) } as unknown as Workstation;
    function Harness() {
      const [lastPullAt, setLastPullAt] = useState<number | null>(null);
      return (
        <WorkstationContext.Provider value={ws}>
          <button type="button" data-testid="pulled" onClick={() => setLastPullAt(NOW)} />
          <WarningsTab api={api} clock={() => NOW} lastPullAt={lastPullAt} />
        </WorkstationContext.Provider>
      );
    }
    await renderWithProviders(<Harness />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    const arrived = item({ grade: 'extreme' });
    api.items = [first, arrived];
    fireEvent.click(screen.getByTestId('pulled'));
    await waitFor(() => expect(rows().map((r) => r.dataset.id)).toEqual([arrived.id, first.id]), { timeout: 3000 });
  });

  it('records the outcome, then requires feedback text before sending it', async () => {
    const calling = item({ state: 'calling' });
    const api = new FakeWarningsApi([calling]);
    api.answer = async (id, body) => {
      const state = body.action === 'outcome' ? body.outcome : body.action === 'feedback' ? 'feedback' : calling.state;
      api.items = [{ ...calling, state }];
      return api.items[0] as QueueItem;
    };
    await renderTab(api);
    fireEvent.click(rowOf(calling.id));
    fireEvent.click(await screen.findByTestId('warning-outcome-refused'));
    await waitFor(() => expect(within(rowOf(calling.id)).getByTestId('warning-state').textContent).toBe('拒不配合'));
    expect(api.transitions.at(-1)?.body).toEqual({ action: 'outcome', outcome: 'refused', expectedState: 'calling' });
    fireEvent.click(await screen.findByTestId('warning-feedback-send'));
    expect(await screen.findByText('请填写处置反馈')).toBeTruthy();
    expect(api.transitions).toHaveLength(1);
    fireEvent.change(screen.getByTestId('warning-feedback'), { target: { value: '已联系其母亲，本人拒绝见面' } });
    fireEvent.click(screen.getByTestId('warning-feedback-send'));
    await waitFor(() => expect(within(rowOf(calling.id)).getByTestId('warning-state').textContent).toBe('已反馈'));
    expect(api.transitions.at(-1)?.body).toEqual({ action: 'feedback', feedback: '已联系其母亲，本人拒绝见面', expectedState: 'refused' });
  });

  it('sounds the alarm once when instructions become overdue, with the most urgent one’s grade sound', async () => {
    const high = item({ grade: 'high', overdueAt: NOW - MIN });
    const medium = item({ grade: 'medium', overdueAt: NOW - MIN });
    const api = new FakeWarningsApi([medium, high]);
    const played: string[] = [];
    const ws = { dial: async () => ({ id: crypto.randomUUID() }) } as unknown as Workstation;
    function Harness() {
      const [lastPullAt, setLastPullAt] = useState<number | null>(null);
      return (
        <WorkstationContext.Provider value={ws}>
          <button type="button" data-testid="pulled" onClick={() => setLastPullAt((v) => (v ?? NOW) + 1)} />
          <WarningsTab api={api} clock={() => NOW} lastPullAt={lastPullAt} playAlarm={(sound) => played.push(sound)} />
        </WorkstationContext.Provider>
      );
    }
    await renderWithProviders(<Harness />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    // The config's sound for high ('a') once, once the config has arrived or not: never per item.
    await waitFor(() => expect(played.length).toBe(1));
    expect(['a', 'alarm-high']).toContain(played[0]);
    const extreme = item({ grade: 'extreme', overdueAt: NOW - MIN });
    api.items = [medium, high, extreme];
    fireEvent.click(screen.getByTestId('pulled'));
    await waitFor(() => expect(rows()).toHaveLength(3), { timeout: 3000 });
    await waitFor(() => expect(played).toHaveLength(2));
    // The fake region has no extreme grade: extreme sounds as its next less urgent grade (high), as the server maps it.
    // (Before the config arrives: the grade's default key.)
    expect(['a', 'alarm-extreme']).toContain(played[1]);
    fireEvent.click(screen.getByTestId('pulled'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(played).toHaveLength(2);
  });

  it('filters by grade', async () => {
    const high = item({ grade: 'high' });
    const low = item({ grade: 'low' });
    await renderTab(new FakeWarningsApi([high, low]));
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.click(screen.getByTestId('warning-filter-grade'));
    fireEvent.click(await screen.findByRole('option', { name: '低危', hidden: true }));
    await waitFor(() => expect(rows().map((r) => r.dataset.id)).toEqual([low.id]));
  });
});
