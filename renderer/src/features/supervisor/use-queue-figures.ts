import { useEffect, useState } from 'react';
import type { QueueFigures } from '@shared/schemas/routing';
import { RecordStoreUnreachableError } from '../../sync/record-store-client';

/** The part of the record store client the live queue panel uses (a fake in tests). */
export interface QueueFiguresApi {
  queueFigures(): Promise<QueueFigures>;
}

/** Poll period of the live queue while the window is visible (the issue asks for figures within 2 s). */
export const QUEUE_POLL_MS = 1_500;

/** What the panel shows: the last figures read, when they were read (workstation clock) and the last failure. */
export interface QueueFiguresState {
  figures: QueueFigures | null;
  receivedAt: number | null;
  error: { kind: 'unreachable' | 'failed'; message: string } | null;
}

const visible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * The live queue figures, read at once and every QUEUE_POLL_MS while the window is visible;
 * polling stops while hidden and on unmount. One read at a time: a slow answer is not
 * overtaken by the next. A failure keeps the last figures and reports the error until the
 * next read succeeds.
 */
export function useQueueFigures(api: QueueFiguresApi, clock: () => number = Date.now): QueueFiguresState {
  const [state, setState] = useState<QueueFiguresState>({ figures: null, receivedAt: null, error: null });

  useEffect(() => {
    let live = true;
    let reading = false;
    let timer: ReturnType<typeof setInterval> | null = null;
    const read = () => {
      if (reading) return;
      reading = true;
      Promise.resolve()
        .then(() => api.queueFigures())
        .then(
          (figures) => {
            if (live) setState({ figures, receivedAt: clock(), error: null });
          },
          (e: unknown) => {
            const error = { kind: e instanceof RecordStoreUnreachableError ? ('unreachable' as const) : ('failed' as const), message: e instanceof Error ? e.message : String(e) };
            if (live) setState((s) => ({ ...s, error }));
          },
        )
        .finally(() => {
          reading = false;
        });
    };
    const start = () => {
      if (timer !== null) return;
      read();
      timer = setInterval(() => (visible() ? read() : stop()), QUEUE_POLL_MS);
    };
    const stop = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    };
    const onVisibility = () => (visible() ? start() : stop());
    onVisibility();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      live = false;
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [api, clock]);

  return state;
}
