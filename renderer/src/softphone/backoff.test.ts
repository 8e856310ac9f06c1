import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles up to the cap', () => {
    const fixed = { baseMs: 1000, capMs: 30_000, random: () => 1 };
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, fixed))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
  it('never goes below half the ceiling with jitter', () => {
    expect(backoffDelay(3, { baseMs: 1000, capMs: 30_000, random: () => 0 })).toBe(4000);
  });
  it('survives huge attempt numbers', () => {
    expect(backoffDelay(10_000, { baseMs: 1000, capMs: 30_000, random: () => 0.5 })).toBe(22_500);
  });
});
