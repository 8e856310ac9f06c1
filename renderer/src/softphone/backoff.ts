/**
 * Capped exponential backoff with full jitter, so a PBX restart does not get every
 * workstation reconnecting in the same millisecond.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Returns a number in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Delay before attempt number `attempt` (0-based). */
export function backoffDelay(attempt: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  // Half fixed, half jitter: never retries faster than ceiling/2.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
