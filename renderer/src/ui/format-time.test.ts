import { describe, expect, it } from 'vitest';
import { formatClock } from './format-time';

describe('formatClock', () => {
  it('uses a 24-hour clock in both languages', () => {
    const t = new Date(2026, 10, 21, 19, 5, 9).getTime();
    expect(formatClock(t, 'zh-CN')).toBe('19:05:09');
    expect(formatClock(t, 'en')).toBe('19:05:09');
  });
});
