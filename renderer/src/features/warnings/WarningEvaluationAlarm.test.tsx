import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLayoutBox } from '../../../../test/fakes/web/layout-box';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { alarmPulses, playAlarmSound, type AudioContextLike } from './alarm-sounds';
import type { QueueItem } from './queue-order';
import { ALARM_MUTE_KEY } from './use-alarm-mute';
import { soundOf } from './use-overdue-alarm';
import { FakeWarningsApi, item, MIN, NOW } from '../../../../test/fakes/web/warnings-test-kit';
import { WarningsTab } from './WarningsTab';

const ws = { dial: async () => ({ id: crypto.randomUUID() }) } as unknown as Workstation;
const rowOf = (id: string) => screen.getAllByTestId('warning-row').find((r) => r.dataset.id === id) as HTMLElement;

/** The tab with a button that makes the sync loop report a pull (the queue is re-read). */
async function renderTab(api: FakeWarningsApi, props: { canEvaluate?: boolean; played?: string[] } = {}) {
  function Harness() {
    const [lastPullAt, setLastPullAt] = useState<number | null>(null);
    return (
      <WorkstationContext.Provider value={ws}>
        <button type="button" data-testid="pulled" onClick={() => setLastPullAt((v) => (v ?? NOW) + 1)} />
        <WarningsTab api={api} clock={() => NOW} lastPullAt={lastPullAt} canEvaluate={props.canEvaluate ?? false} playAlarm={(sound) => props.played?.push(sound)} />
      </WorkstationContext.Provider>
    );
  }
  await renderWithProviders(<Harness />);
  await waitFor(() => expect(api.lists).toBeGreaterThan(0));
}

describe('evaluation and the overdue alarm', () => {
  useLayoutBox();
  afterEach(() => {
    cleanup();
    sessionStorage.clear();
  });

  it('lets the city supervisor choose 好/一般/差 with a comment, and requires the choice', async () => {
    const done = item({ state: 'feedback', feedback: '已劝阻' });
    const api = new FakeWarningsApi([done]);
    api.answer = async (_id, body) => {
      if (body.action !== 'evaluate') throw new Error(body.action);
      api.items = [{ ...done, state: 'evaluated', evaluation: { ...body.evaluation, by: done.orgUnitId, at: NOW } }];
      return api.items[0] as QueueItem;
    };
    await renderTab(api, { canEvaluate: true });
    await waitFor(() => rowOf(done.id));
    fireEvent.click(rowOf(done.id));
    fireEvent.click(await screen.findByTestId('warning-evaluate'));
    expect(await screen.findByText('请选择评价等级')).toBeTruthy();
    expect(api.transitions).toEqual([]);
    fireEvent.click(screen.getByLabelText('差'));
    fireEvent.change(screen.getByTestId('warning-evaluation-comment'), { target: { value: '  超时两小时才签收  ' } });
    fireEvent.click(screen.getByTestId('warning-evaluate'));
    await waitFor(() => expect(api.transitions).toHaveLength(1));
    expect(api.transitions[0]?.body).toEqual({ action: 'evaluate', evaluation: { rating: 'poor', comment: '超时两小时才签收' }, expectedState: 'feedback' });
    expect((await screen.findByTestId('warning-evaluation-given')).textContent).toBe('市中心评价：差 · 超时两小时才签收');
  });

  it('offers no evaluation to a user who may not evaluate', async () => {
    const done = item({ state: 'feedback' });
    await renderTab(new FakeWarningsApi([done]));
    await waitFor(() => rowOf(done.id));
    fireEvent.click(rowOf(done.id));
    await screen.findByTestId('warning-actions');
    expect(screen.queryByTestId('warning-evaluation')).toBeNull();
    expect(screen.queryByTestId('warning-evaluate')).toBeNull();
  });

  it('stays silent while muted for the session, and sounds again for what becomes overdue after unmuting', async () => {
    const first = item({ grade: 'high', overdueAt: NOW - MIN });
    const api = new FakeWarningsApi([]);
    api.warningConfig = async () => ({
      region: 'test',
      autoSmsLow: false,
      grades: [
        { grade: 'extreme' as const, colour: '#000', sound: 'siren-x', overdueMinutes: 30 },
        { grade: 'high' as const, colour: '#111', sound: 'siren-h', overdueMinutes: 60 },
      ],
    });
    const played: string[] = [];
    await renderTab(api, { played });
    fireEvent.click(screen.getByTestId('warning-alarm-mute'));
    expect(sessionStorage.getItem(ALARM_MUTE_KEY)).toBe('1');
    api.items = [first];
    fireEvent.click(screen.getByTestId('pulled'));
    await waitFor(() => rowOf(first.id), { timeout: 3000 });
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(played).toEqual([]);

    // A new view in the same session starts muted.
    cleanup();
    await renderTab(api, { played });
    expect((screen.getByTestId('warning-alarm-mute') as HTMLInputElement).checked).toBe(true);
    await waitFor(() => rowOf(first.id));
    await act(() => new Promise((r) => setTimeout(r, 300)));
    fireEvent.click(screen.getByTestId('warning-alarm-mute'));
    expect(sessionStorage.getItem(ALARM_MUTE_KEY)).toBeNull();
    // Unmuting does not replay what went overdue while muted.
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(played).toEqual([]);
    const second = item({ grade: 'extreme', overdueAt: NOW - MIN });
    api.items = [first, second];
    fireEvent.click(screen.getByTestId('pulled'));
    // The configured sound of the grade.
    await waitFor(() => expect(played).toEqual(['siren-x']), { timeout: 3000 });
  });
});

describe('alarm sounds', () => {
  /** A Web Audio stand-in recording each oscillator's frequency and start/stop times. */
  function fakeAudio() {
    const tones: Array<{ frequency: number; start: number; stop: number }> = [];
    let closed = false;
    let last: (() => void) | null = null;
    const param = () => ({ value: 0, setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined });
    const context = {
      currentTime: 10,
      destination: {},
      createGain: () => ({ gain: param(), connect: () => undefined }),
      createOscillator: () => {
        const tone = { frequency: 0, start: 0, stop: 0 };
        tones.push(tone);
        const osc = {
          frequency: { set value(v: number) { tone.frequency = v; } },
          connect: () => undefined,
          start: (at: number) => (tone.start = at),
          stop: (at: number) => (tone.stop = at),
          set onended(fn: () => void) { last = fn; },
        };
        return osc;
      },
      close: async () => void (closed = true),
    } as unknown as AudioContextLike;
    return { context, tones, end: () => last?.(), closed: () => closed };
  }

  it('plays each grade’s own pattern, more and higher pulses the more urgent, and closes the context after it', () => {
    const extreme = fakeAudio();
    playAlarmSound('alarm-extreme', () => extreme.context);
    const low = fakeAudio();
    playAlarmSound('alarm-low', () => low.context);
    expect(extreme.tones.length).toBeGreaterThan(low.tones.length);
    expect(new Set(extreme.tones.map((t) => t.frequency)).size).toBe(2);
    expect(Math.min(...extreme.tones.map((t) => t.frequency))).toBeGreaterThan(low.tones[0]?.frequency as number);
    expect(extreme.tones[0]?.start).toBe(10);
    expect(extreme.tones.every((t, i) => i === 0 || t.start >= (extreme.tones[i - 1]?.stop as number))).toBe(true);
    expect(extreme.closed()).toBe(false);
    extreme.end();
    expect(extreme.closed()).toBe(true);
    const patterns = ['alarm-extreme', 'alarm-high', 'alarm-medium', 'alarm-low'].map((k) => JSON.stringify(alarmPulses(k)));
    expect(new Set(patterns).size).toBe(4);
    expect(alarmPulses('region-own-key')).toEqual(alarmPulses('alarm-medium'));
    expect(() => playAlarmSound('alarm-high', () => null)).not.toThrow();
  });

  it('takes the configured sound of the grade, or of the next less urgent grade a region has', () => {
    const three = [
      { grade: 'high' as const, colour: '#d32f2f', sound: 'siren-h', overdueMinutes: 30 },
      { grade: 'low' as const, colour: '#1976d2', sound: 'chime-l', overdueMinutes: 1440 },
    ];
    expect(soundOf(three, 'high')).toBe('siren-h');
    expect(soundOf(three, 'extreme')).toBe('siren-h');
    expect(soundOf(three, 'medium')).toBe('chime-l');
    expect(soundOf([], 'medium')).toBe('alarm-medium');
  });
});
