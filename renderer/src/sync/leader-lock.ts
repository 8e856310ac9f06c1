/**
 * Runs `start` only while this window holds the named Web Lock, so two windows (or tabs) of
 * one workstation never run two sync loops against the same outbox. When the holder closes,
 * the browser hands the lock to the next waiter, which then starts its loop.
 * Returns a release function. Without Web Locks (old runtimes, tests) `start` runs at once.
 */
export function runWhileLeader(name: string, start: () => void, stop: () => void, locks: LockManager | undefined = globalThis.navigator?.locks): () => void {
  if (!locks) {
    start();
    return stop;
  }
  let release: (() => void) | null = null;
  let cancelled = false;
  const abort = new AbortController();
  void locks
    .request(name, { signal: abort.signal }, () => {
      if (cancelled) return undefined;
      start();
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    })
    .catch(() => undefined);
  return () => {
    cancelled = true;
    abort.abort();
    if (release) {
      stop();
      release();
    }
  };
}
