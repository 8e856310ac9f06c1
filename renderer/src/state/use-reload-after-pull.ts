import { useEffect, useRef } from 'react';

/**
 * Re-reads a server view after sync pulls (a pull follows an SSE poke about a second after a
 * change on the server). Leading edge: the first pull after a quiet spell re-reads at once;
 * a burst of pulls then costs at most one re-read per `minIntervalMs`.
 */
export function useReloadAfterPull(lastPullAt: number | null, reload: () => Promise<unknown>, minIntervalMs: number): void {
  const lastReload = useRef(0);
  useEffect(() => {
    if (lastPullAt === null) return;
    const wait = Math.max(0, lastReload.current + minIntervalMs - Date.now());
    const timer = setTimeout(() => {
      lastReload.current = Date.now();
      void reload();
    }, wait);
    return () => clearTimeout(timer);
  }, [lastPullAt, reload, minIntervalMs]);
}
