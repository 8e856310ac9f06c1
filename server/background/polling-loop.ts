/**
 * The background loop shared by the record store's leased workers (the SMS dispatcher,
 * server/warnings/sms-dispatcher.ts, and the automatic caller, server/auto-call/auto-call-service.ts):
 * one pass at a time, then `intervalMs`, until `stop`. The work itself is claimed under leases
 * in the database, so any number of instances may run one each; this only paces one instance.
 */
export interface PollingLoop {
  /** Run a pass soon (new work was queued); a pass in progress is followed by another at once. */
  wake(): void;
  /** Ends the loop: aborts `signal` and waits for the pass in hand. */
  stop(): Promise<void>;
}

export interface PollingLoopOptions {
  intervalMs: number;
  /** One pass; resolves true when more is due at once (the pass was full). Must end soon after `signal` aborts. */
  pass(signal: AbortSignal): Promise<boolean>;
  /** A pass failed (the database was down): for the log; the next pass comes after the interval. */
  onError(error: Error): void;
}

export function startPollingLoop(options: PollingLoopOptions): PollingLoop {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  const schedule = (ms: number) => {
    if (abort.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
    // The process lives as long as its HTTP server, not this timer.
    timer.unref?.();
  };
  function tick() {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        // Read `again` only after the pass: a wake during it must not be overwritten by the pass's answer.
        const more = await options.pass(abort.signal);
        again ||= more;
      } catch (error) {
        options.onError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        running = null;
        schedule(again ? 0 : options.intervalMs);
        again = false;
      }
    })();
  }
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

/**
 * The loops of this process by the database handle they work on, so a request that just
 * queued work can wake them (`wake` is false when none runs there: the caller may do the work itself).
 */
export function wakeRegistry<K extends object>() {
  const running = new WeakMap<K, Set<PollingLoop>>();
  return {
    add(key: K, loop: PollingLoop): void {
      running.set(key, (running.get(key) ?? new Set()).add(loop));
    },
    remove(key: K, loop: PollingLoop): void {
      running.get(key)?.delete(loop);
    },
    wake(key: K): boolean {
      const set = running.get(key);
      set?.forEach((loop) => loop.wake());
      return (set?.size ?? 0) > 0;
    },
  };
}
