/**
 * When a call counts as long: counselling calls run 30+ minutes (domain.md), and the agent
 * and the shift supervisor should see it at a glance. The one place the thresholds live.
 */
export const LONG_CALL_MS = { long: 10 * 60_000, veryLong: 30 * 60_000 } as const;

export type CallLengthLevel = 'normal' | 'long' | 'very-long';

/** The level of a call that has been talking for `ms`. */
export function callLengthLevel(ms: number): CallLengthLevel {
  if (ms >= LONG_CALL_MS.veryLong) return 'very-long';
  if (ms >= LONG_CALL_MS.long) return 'long';
  return 'normal';
}

/** `mm:ss` (minutes go past 59 rather than adding hours: how call lengths are read out). */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
