import { startPollingLoop, wakeRegistry, type PollingLoop } from '../background/polling-loop';
import type { Orm } from '../db/database';
import { runAutoCallPass, type AutoCallRunOptions, type SettleResult } from './auto-call-dispatcher';

/** A running automatic caller; `stop` waits for the calls in hand (each hung up when the loop stops). */
export type AutoCallService = PollingLoop;

export interface AutoCallServiceOptions extends Omit<AutoCallRunOptions, 'signal'> {
  /** Pause between passes (a pass calls at most maxConcurrent people). */
  intervalMs: number;
  /** What a pass came to, or why it failed (the database was down): for the log. */
  report?: (outcome: SettleResult[] | Error) => void;
}

/** Automatic callers running in this process, by the database handle they work on. */
const RUNNING = wakeRegistry<Orm>();

/** Wakes this process's automatic callers on `orm` (instructions were just ingested); false when none runs. */
export function wakeAutoCallServices(orm: Orm): boolean {
  return RUNNING.wake(orm);
}

/**
 * The background loop of automatic warning calls, on the same polling loop as the SMS
 * dispatcher (server/background/polling-loop.ts): one pass at a time, then `intervalMs`, until
 * `stop`. Every record-store instance may run one; leases keep them from calling one person
 * twice (auto-call-dispatcher.ts). The token is fixed per service, so its attempts name it.
 */
export function startAutoCallService(orm: Orm, options: AutoCallServiceOptions): AutoCallService {
  const token = options.token ?? `auto-call-${crypto.randomUUID()}`;
  const loop = startPollingLoop({
    intervalMs: options.intervalMs,
    pass: async (signal) => {
      const results = await runAutoCallPass(orm, { ...options, token, signal });
      if (results.length > 0) options.report?.(results);
      // A full pass means more may be due at once.
      return results.length >= options.policy.maxConcurrent;
    },
    onError: (error) => options.report?.(error),
  });
  const service: AutoCallService = {
    wake: () => loop.wake(),
    async stop() {
      RUNNING.remove(orm, service);
      await loop.stop();
    },
  };
  RUNNING.add(orm, service);
  return service;
}
