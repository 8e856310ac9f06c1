import { useCallback, useEffect, useRef } from 'react';
import { storageHealth } from '../../storage/storage-health';

/** How often a draft is written while typing: under the 300 ms durability budget. */
export const DRAFT_SAVE_INTERVAL_MS = 200;
/** After a failed save the same words are tried again this much later. */
const RETRY_AFTER_FAILURE_MS = 1000;

/**
 * Saves the latest text at most every `DRAFT_SAVE_INTERVAL_MS` (a throttle, not a debounce:
 * continuous typing must still be saved), and flushes on unmount and on page hide. `save`
 * gets the time the text was typed (scheduled), which a commit compares with its own.
 */
export function useDraftSaver(save: (text: string, typedAt: number) => Promise<void>): { schedule: (text: string) => void; flush: () => Promise<void>; cancel: () => void } {
  const latest = useRef<{ text: string; at: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });

  const retry = useRef<() => void>(() => undefined);
  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const pending = latest.current;
    latest.current = null;
    if (pending === null) return;
    try {
      await saveRef.current(pending.text, pending.at);
    } catch (error) {
      // Never silently: the storage banner blocks the screen, and the words are kept to retry.
      if (!storageHealth.report(error)) console.error('draft not saved', error);
      latest.current ??= pending;
      timer.current ??= setTimeout(() => retry.current(), RETRY_AFTER_FAILURE_MS);
    }
  }, []);

  useEffect(() => {
    retry.current = () => void flush();
  }, [flush]);

  const schedule = useCallback(
    (text: string) => {
      latest.current = { text, at: Date.now() };
      if (!timer.current) timer.current = setTimeout(() => void flush(), DRAFT_SAVE_INTERVAL_MS);
    },
    [flush],
  );

  /** Drops a pending save (its text is being committed as a segment instead). */
  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    latest.current = null;
  }, []);

  useEffect(() => {
    const onHide = () => void flush();
    addEventListener('pagehide', onHide);
    addEventListener('visibilitychange', onHide);
    return () => {
      removeEventListener('pagehide', onHide);
      removeEventListener('visibilitychange', onHide);
      void flush();
    };
  }, [flush]);

  return { schedule, flush, cancel };
}
