import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';
import { QueuePanel } from './QueuePanel';
import { agent, board, FakeSupervisorApi, MIN, NOW, queueOf } from '../../../../test/fakes/web/supervisor-test-kit';
import { QUEUE_POLL_MS } from './use-queue-figures';

const hours = (busy: Record<number, number>) => Array.from({ length: 24 }, (_, h) => busy[h] ?? 0);
const text = (testId: string) => screen.getByTestId(testId).textContent;
const counts = () => ['ready', 'not-ready', 'after-call-work', 'on-call', 'offline'].map((s) => within(screen.getByTestId(`queue-state-${s}`)).getByTestId('queue-state-count').textContent);

describe('QueuePanel', () => {
  let clock = NOW;
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  });

  const agents = [
    agent({ displayName: '王坐席', state: 'ready', since: NOW - 90_000 }),
    agent({ displayName: '李坐席', state: 'ready', since: NOW - 30_000 }),
    agent({ displayName: '赵坐席', state: 'on-call', since: NOW - 75 * MIN }),
    agent({ displayName: '钱坐席', state: 'after-call-work', since: NOW - 5000 }),
  ];
  const render = async (api: FakeSupervisorApi, locale: 'zh-CN' | 'en' = 'zh-CN') => {
    await renderWithProviders(<QueuePanel api={api} agents={agents} clock={() => clock} />, locale);
  };
  const busyApi = () => {
    const api = new FakeSupervisorApi(board([], agents));
    api.queue = queueOf({ waitingNow: 2, longestWaitMs: 45_000, answeredToday: 12, abandonedToday: 3, serviceLevel: 10 / 12, openCallbacks: 4, callsPerHour: hours({ 8: 5, 9: 7, 10: 3 }) });
    return api;
  };

  it('shows waiting callers, the longest wait, today’s figures, agents by state with time in state and calls per hour', async () => {
    clock = NOW;
    await render(busyApi());
    await screen.findByTestId('queue-waiting');
    expect(text('queue-waiting')).toBe('2');
    expect(text('queue-longest')).toBe('0:45');
    expect(text('queue-service-level')).toBe('83%');
    expect(text('queue-answered')).toBe('12');
    expect(text('queue-abandoned')).toBe('3');
    expect(text('queue-callbacks')).toBe('4');
    expect(counts()).toEqual(['2 人', '0 人', '1 人', '1 人', '0 人']);
    const ready = within(screen.getByTestId('queue-state-ready')).getAllByTestId('queue-agent');
    // Longest in the state first.
    expect(ready.map((r) => within(r).getByTestId('queue-agent-time').textContent)).toEqual(['1:30', '0:30']);
    expect(within(screen.getByTestId('queue-state-on-call')).getByTestId('queue-agent-time').textContent).toBe('1:15:00');
    const chart = screen.getByTestId('queue-hour-chart');
    expect(chart.querySelector('svg')).not.toBeNull();
    expect(chart.querySelectorAll('.recharts-bar-rectangle').length).toBeGreaterThanOrEqual(3);
    expect(chart.textContent).toContain('今日每小时来电');
    expect(chart.textContent).toContain('今日共 15 个来电，最多的时段 09:00–10:00');
    expect(screen.queryByTestId('queue-error')).toBeNull();
  });

  it('reads in English too, and shows dashes before the first answered call and when nobody waits', async () => {
    clock = NOW;
    await render(new FakeSupervisorApi(board([], agents)), 'en');
    await screen.findByTestId('queue-waiting');
    expect(screen.getByTestId('queue-panel').textContent).toContain('Waiting now');
    expect(text('queue-longest')).toBe('—');
    expect(text('queue-service-level')).toBe('—');
    expect(counts()).toEqual(['2', '0', '1', '1', '0']);
    expect(screen.getByTestId('queue-hour-chart').textContent).toContain('Calls per hour today');
  });

  it('ticks the longest wait every second and re-reads the figures on the poll timer until hidden or unmounted', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    clock = NOW;
    const api = busyApi();
    const { unmount } = await renderWithProviders(<QueuePanel api={api} agents={agents} clock={() => clock} />);
    await screen.findByTestId('queue-waiting');
    const reads = api.queueReads;
    // Between reads the wait moves on with the clock.
    clock += 1000;
    await act(async () => vi.advanceTimersByTimeAsync(1000));
    expect(text('queue-longest')).toBe('0:46');
    // The next read brings new figures without reloading.
    api.queue = queueOf({ waitingNow: 1, longestWaitMs: 5000, abandonedToday: 4, callsPerHour: hours({ 11: 1 }) });
    clock += QUEUE_POLL_MS;
    await act(async () => vi.advanceTimersByTimeAsync(QUEUE_POLL_MS));
    expect(api.queueReads).toBeGreaterThan(reads);
    expect(text('queue-waiting')).toBe('1');
    expect(text('queue-longest')).toBe('0:05');
    expect(text('queue-abandoned')).toBe('4');
    // Hidden window: no more reads; visible again: read at once.
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    const hidden = api.queueReads;
    await act(async () => vi.advanceTimersByTimeAsync(5 * QUEUE_POLL_MS));
    expect(api.queueReads).toBe(hidden);
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    await act(async () => document.dispatchEvent(new Event('visibilitychange')));
    expect(api.queueReads).toBe(hidden + 1);
    unmount();
    const gone = api.queueReads;
    await act(async () => vi.advanceTimersByTimeAsync(5 * QUEUE_POLL_MS));
    expect(api.queueReads).toBe(gone);
  });

  it('shows an error when the endpoint fails, keeps the last figures, and clears it when a read succeeds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    clock = NOW;
    const api = busyApi();
    api.queueFailure = new RecordStoreHttpError(500, 'internal', 'boom');
    await render(api);
    expect((await screen.findByTestId('queue-error')).textContent).toBe('排队数据读取失败：boom');
    expect(screen.queryByTestId('queue-waiting')).toBeNull();
    api.queueFailure = null;
    await act(async () => vi.advanceTimersByTimeAsync(QUEUE_POLL_MS));
    expect(screen.queryByTestId('queue-error')).toBeNull();
    expect(text('queue-waiting')).toBe('2');
    api.queueFailure = new RecordStoreUnreachableError(new TypeError('fetch failed'));
    await act(async () => vi.advanceTimersByTimeAsync(QUEUE_POLL_MS));
    expect(text('queue-error')).toBe('记录库无法连接，排队数据不是最新的');
    expect(text('queue-waiting')).toBe('2');
  });
});
