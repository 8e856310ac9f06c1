import type { Orm } from '../db/database';
import { compactChangeLog, type CompactionResult } from './compact';

/**
 * Compacts the change log every `intervalMs` (and once shortly after start), so pulls from
 * 0 stay short and old tombstones go. Several instances may all run it: compaction takes
 * the change-log lock, so they queue instead of racing. Returns the stop function.
 */
export function scheduleCompaction(orm: Orm, intervalMs: number, report: (outcome: CompactionResult | Error) => void): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      report(await compactChangeLog(orm));
    } catch (error) {
      report(error instanceof Error ? error : new Error(String(error)));
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), Math.min(intervalMs, 60_000));
  const timer = setInterval(() => void run(), intervalMs);
  // The record store's lifetime is its HTTP server's, not this timer's.
  first.unref?.();
  timer.unref?.();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
