import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { WarningCallsByHour } from './WarningCallsByHour';

const HOURS = [
  { hour: 9, auto: { calls: 12, acknowledged: 7, callback: 2, answeredNoKey: 1, notReached: 2 }, agents: { calls: 30, answered: 21 } },
  { hour: 14, auto: { calls: 0, acknowledged: 0, callback: 0, answeredNoKey: 0, notReached: 0 }, agents: { calls: 4, answered: 4 } },
];

describe('warning calls per hour on the supervisor view (issue 19)', () => {
  afterEach(() => cleanup());

  it('shows automatic calls by outcome beside the agents’, per hour, in Chinese', async () => {
    await renderWithProviders(<WarningCallsByHour hours={HOURS} />);
    const rows = screen.getAllByTestId('warning-calls-hour');
    expect(rows.map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent))).toEqual([
      ['09:00', '12', '7', '2', '1', '2', '30', '21'],
      ['14:00', '0', '0', '0', '0', '0', '4', '4'],
    ]);
    expect(screen.getByText('自动外呼')).toBeTruthy();
    expect(screen.getByText('人工外呼')).toBeTruthy();
  });

  it('in English; a day without calls says so; an older server’s answer shows nothing', async () => {
    await renderWithProviders(<WarningCallsByHour hours={[]} />, 'en');
    expect(screen.getByTestId('warning-calls-by-hour').textContent).toContain('No warning calls this day');
    cleanup();
    await renderWithProviders(<WarningCallsByHour hours={undefined} />, 'en');
    expect(screen.queryByTestId('warning-calls-by-hour')).toBeNull();
  });
});
