import { startPollingLoop, wakeRegistry, type PollingLoop } from '../background/polling-loop';
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
const RUNNING = wakeRegistry<Orm>();

/**
 * Wakes the dispatchers of this process that drain `orm` (a request just queued messages);
 * false when none runs, and the caller delivers itself.
 */
export function wakeSmsDispatchers(orm: Orm): boolean {
  return RUNNING.wake(orm);
}

/** A running dispatcher: `wake` drains soon (new messages were queued), `stop` ends it after the message in hand. */
export type SmsDispatcher = PollingLoop;

/**
 * The background loop that empties sms_outbox: drains, waits `intervalMs`, drains again. Every
 * instance of the record store may run one; claims keep them from sending a message twice
 * (sms-delivery.ts). One drain at a time per dispatcher (server/background/polling-loop.ts),
 * each bounded by the interval (at least 5 s) so `stop` never waits long; a failing drain is
 * reported and retried next time.
 */
export function startSmsDispatcher(orm: Orm, provider: SmsProvider, options: SmsDispatcherOptions): SmsDispatcher {
  const loop = startPollingLoop({
    intervalMs: options.intervalMs,
    pass: async (signal) => {
      const outcome = await drainOutbox(orm, provider, { policy: options.policy, maxMs: Math.max(options.intervalMs, 5_000), signal });
      if (outcome.sent + outcome.failed + outcome.released > 0) options.report?.(outcome);
      return false;
    },
    onError: (error) => options.report?.(error),
  });
  const dispatcher: SmsDispatcher = {
    wake: () => loop.wake(),
    async stop() {
      RUNNING.remove(orm, dispatcher);
      await loop.stop();
    },
  };
  RUNNING.add(orm, dispatcher);
  return dispatcher;
}
