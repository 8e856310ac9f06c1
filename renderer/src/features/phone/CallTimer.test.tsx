import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { CallTimer } from './CallTimer';
import { LONG_CALL_MS } from './long-call';

const START = Date.UTC(2026, 10, 21, 6, 0, 0);

describe('CallTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  const box = () => screen.getByTestId('call-timer-box');

  it('grows amber with words from 10 minutes and red from 30, on the clock', async () => {
    await renderWithProviders(<CallTimer since={START} />);
    expect(screen.getByTestId('call-timer').textContent).toBe('00:00');
    act(() => vi.advanceTimersByTime(LONG_CALL_MS.long - 1000));
    expect(screen.getByTestId('call-timer').textContent).toBe('09:59');
    expect(box().dataset.level).toBe('normal');
    expect(screen.queryByTestId('call-timer-level')).toBeNull();
    act(() => vi.advanceTimersByTime(1000));
    expect(box().dataset.level).toBe('long');
    expect(box().getAttribute('aria-label')).toBe('长时通话 10:00');
    expect(screen.getByTestId('call-timer-level').textContent?.trim()).toBe('长时通话');
    expect(box().style.color).toContain('orange');
    act(() => vi.advanceTimersByTime(LONG_CALL_MS.veryLong - LONG_CALL_MS.long + 5000));
    expect(box().dataset.level).toBe('very-long');
    expect(box().getAttribute('aria-label')).toBe('超长通话 30:05');
    expect(box().style.color).toContain('red');
  });

  it('an ended call keeps its length and level', async () => {
    await renderWithProviders(<CallTimer since={START} until={START + 12 * 60_000} />, 'en');
    act(() => vi.advanceTimersByTime(60 * 60_000));
    expect(screen.getByTestId('call-timer').textContent).toBe('12:00');
    expect(box().getAttribute('aria-label')).toBe('Long call 12:00');
  });
});
