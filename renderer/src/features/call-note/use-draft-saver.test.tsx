import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_SAVE_INTERVAL_MS, useDraftSaver } from './use-draft-saver';

describe('useDraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves the latest text within the 300 ms budget', async () => {
    const save = vi.fn(async (_text: string) => undefined);
    const { result } = renderHook(() => useDraftSaver(save));
    act(() => {
      result.current.schedule('a');
      result.current.schedule('ab');
    });
    await act(async () => vi.advanceTimersByTimeAsync(DRAFT_SAVE_INTERVAL_MS));
    expect(DRAFT_SAVE_INTERVAL_MS).toBeLessThanOrEqual(300);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenLastCalledWith('ab', expect.any(Number));
  });

  it('keeps saving during continuous typing (a throttle, not a debounce)', async () => {
    const save = vi.fn(async (_text: string) => undefined);
    const { result } = renderHook(() => useDraftSaver(save));
    let text = '';
    for (let i = 0; i < 20; i++) {
      text += 'x';
      act(() => result.current.schedule(text));
      await act(async () => vi.advanceTimersByTimeAsync(50));
    }
    // 1 s of non-stop typing: saved about every 200 ms, never more than 300 ms behind.
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(4);
    const lastSaved = save.mock.calls.at(-1)![0] as string;
    expect(text.length - lastSaved.length).toBeLessThanOrEqual(300 / 50);
  });

  it('flushes pending text on unmount and on page hide', async () => {
    const save = vi.fn(async (_text: string) => undefined);
    const { result, unmount } = renderHook(() => useDraftSaver(save));
    act(() => result.current.schedule('before hide'));
    await act(async () => {
      dispatchEvent(new Event('pagehide'));
    });
    expect(save).toHaveBeenLastCalledWith('before hide', expect.any(Number));
    act(() => result.current.schedule('before close'));
    unmount();
    expect(save).toHaveBeenLastCalledWith('before close', expect.any(Number));
  });

  it('saves each text with the time it was typed, not when the write happens', async () => {
    const save = vi.fn(async (_text: string, _typedAt: number) => undefined);
    const { result } = renderHook(() => useDraftSaver(save));
    const typedAt = Date.now();
    act(() => result.current.schedule('nihao'));
    await act(async () => vi.advanceTimersByTimeAsync(DRAFT_SAVE_INTERVAL_MS));
    expect(save).toHaveBeenLastCalledWith('nihao', typedAt);
  });
});
