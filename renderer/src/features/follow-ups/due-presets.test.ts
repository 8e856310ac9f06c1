import { describe, expect, it } from 'vitest';
import { parseLocalDateTime, presetDue, toLocalInput } from './due-presets';

const local = (y: number, mo: number, d: number, h: number, mi = 0) => new Date(y, mo - 1, d, h, mi, 0, 0).getTime();

describe('due presets', () => {
  it('offers today 17:00 only before 17:00, and tomorrow 09:00 across a month end', () => {
    const morning = local(2026, 1, 31, 10, 15);
    expect(presetDue('hour', morning)).toBe(morning + 3_600_000);
    expect(presetDue('today17', morning)).toBe(local(2026, 1, 31, 17));
    expect(presetDue('tomorrow9', morning)).toBe(local(2026, 2, 1, 9));
    expect(presetDue('today17', local(2026, 1, 31, 17))).toBeNull();
    expect(presetDue('custom', morning)).toBeNull();
  });

  it('parses datetime-local values and refuses impossible ones', () => {
    expect(parseLocalDateTime('2026-03-05T08:30')).toBe(local(2026, 3, 5, 8, 30));
    expect(parseLocalDateTime(toLocalInput(local(2026, 12, 31, 23, 59)))).toBe(local(2026, 12, 31, 23, 59));
    for (const bad of ['', '2026-02-30T10:00', '2026-01-01T24:00', '2026-1-1T10:00', 'tomorrow']) expect(parseLocalDateTime(bad), bad).toBeNull();
  });
});
