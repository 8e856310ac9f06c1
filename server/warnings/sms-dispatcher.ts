import type { Orm } from '../db/database';
import { drainOutbox, type DeliveryPolicy } from './sms-delivery';
import type { SmsProvider } from './sms-provider';

export interface SmsDispatcherOptions {
  /** Pause between drains. */
  intervalMs: number;
  policy: DeliveryPolicy;
  /** What a drain came to, or why it failed (the database was down): for the log. */
  report?: (outcome: { sent: number; failed: number; released: number } | Error) => void;
}

/** Dispatchers running in this process, by the database handle they drain. */
const RUNNING = new WeakMap<Orm, Set<SmsDispatcher>>();

/**
 * Wakes the dispatchers of this process that drain `orm` (a request just queued messages);
 * false when none runs, and the caller delivers itself.
 */
export function wakeSmsDispatchers(orm: Orm): boolean {
  const set = RUNNING.get(orm);
  set?.forEach((d) => d.wake());
  return (set?.size ?? 0) > 0;
}

/** A running dispatcher: `wake` drains soon (new messages were queued), `stop` ends it after the message in hand. */
export interface SmsDispatcher {
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The background loop that empties sms_outbox: drains, waits `intervalMs`, drains again. Every
 * instance of the record store may run one; claims keep them from sending a message twice
 * (sms-delivery.ts). One drain at a time per dispatcher, each bounded by the interval (at
 * least 5 s) so `stop` never waits long; a failing drain is reported and retried next time.
 */
export function startSmsDispatcher(orm: Orm, provider: SmsProvider, options: SmsDispatcherOptions): SmsDispatcher {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;

  const schedule = (ms: number) => {
    if (abort.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    // The process lives as long as its HTTP server, not this timer.
    timer.unref?.();
  };
  const tick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        const outcome = await drainOutbox(orm, provider, { policy: options.policy, maxMs: Math.max(options.intervalMs, 5_000), signal: abort.signal });
        if (outcome.sent + outcome.failed + outcome.released > 0) options.report?.(outcome);
      } catch (error) {
        options.report?.(error instanceof Error ? error : new Error(String(error)));
      } finally {
        running = null;
        schedule(again ? 0 : options.intervalMs);
        again = false;
      }
    })();
    return running;
  };
  schedule(0);

  const dispatcher: SmsDispatcher = {
    wake: () => {
      if (running) again = true;
      else schedule(0);
    },
    async stop() {
      RUNNING.get(orm)?.delete(dispatcher);
      abort.abort();
      clearTimeout(timer);
      await running;
    },
  };
  RUNNING.set(orm, (RUNNING.get(orm) ?? new Set()).add(dispatcher));
  return dispatcher;
}
