import type { Orm } from '../db/database';
import { runAutoCallPass, type AutoCallRunOptions, type SettleResult } from './auto-call-dispatcher';

/** A running automatic caller; `stop` waits for the calls in hand (each bounded by its timeout). */
export interface AutoCallService {
  wake(): void;
  stop(): Promise<void>;
}

export interface AutoCallServiceOptions extends Omit<AutoCallRunOptions, 'signal'> {
  /** Pause between passes (a pass calls at most maxConcurrent people). */
  intervalMs: number;
  /** What a pass came to, or why it failed (the database was down): for the log. */
  report?: (outcome: SettleResult[] | Error) => void;
}

/**
 * The background loop of automatic warning calls, like the SMS dispatcher
 * (server/warnings/sms-dispatcher.ts): one pass at a time, then `intervalMs`, forever until
 * `stop`. Every record-store instance may run one; leases keep them from calling one person
 * twice (auto-call-dispatcher.ts). The token is fixed per service, so its attempts name it.
 */
export function startAutoCallService(orm: Orm, options: AutoCallServiceOptions): AutoCallService {
  const abort = new AbortController();
  const token = options.token ?? `auto-call-${crypto.randomUUID()}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  const schedule = (ms: number) => {
    if (abort.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref?.();
  };
  const tick = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const results = await runAutoCallPass(orm, { ...options, token, signal: abort.signal });
        if (results.length > 0) options.report?.(results);
        // A full pass means more may be due at once.
        again ||= results.length >= options.policy.maxConcurrent;
      } catch (error) {
        options.report?.(error instanceof Error ? error : new Error(String(error)));
      } finally {
        running = null;
        schedule(again ? 0 : options.intervalMs);
        again = false;
      }
    })();
  };
  schedule(0);
  return {
    wake() {
      if (running) again = true;
      else schedule(0);
    },
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
