import type { Orm } from '../db/database';
import { pruneAppliedMutations } from './applied-retention';
import { compactChangeLog, type CompactionResult } from './compact';

/** A scheduled run's outcome: the change log's compaction plus the applied_mutations retention. */
export type ScheduledCompaction = CompactionResult & { appliedPruned: number };

/**
 * Compacts the change log every `intervalMs` (and once shortly after start), so pulls from
 * 0 stay short and old tombstones go. Several instances may all run it: compaction takes
 * the change-log lock, so they queue instead of racing. Each run also applies the
 * applied_mutations retention (applied-retention.ts). Returns the stop function.
 */
export function scheduleCompaction(orm: Orm, intervalMs: number, report: (outcome: ScheduledCompaction | Error) => void, options: { appliedResultGraceMs?: number } = {}): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const compacted = await compactChangeLog(orm);
      report({ ...compacted, appliedPruned: await pruneAppliedMutations(orm, { graceMs: options.appliedResultGraceMs }) });
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
