import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReassignRequest, SupervisorBoard, SupervisorWorkload } from '@shared/schemas/supervisor';
import type { WarningInstruction } from '@shared/schemas/warning';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';
import { useReloadAfterPull } from '../../state/use-reload-after-pull';
import type { QueueFiguresApi } from './use-queue-figures';

/** The part of the record store client the supervisor view uses (a fake in tests). */
export interface SupervisorApi extends QueueFiguresApi {
  supervisorBoard(): Promise<SupervisorBoard>;
  supervisorWorkload(date?: string): Promise<SupervisorWorkload>;
  reassignWarning(id: string, body: ReassignRequest): Promise<WarningInstruction>;
}

/** Re-read period while the view is shown and the window visible, whatever the sync loop does. */
export const SUPERVISOR_POLL_MS = 10_000;
/** At most one re-read per this interval when pulls come in a burst. */
const PULL_REFRESH_MIN_MS = 1_000;

/** How the last reassignment went, for the notice under the form. */
export type ReassignNotice = { kind: 'done'; name: string } | { kind: 'refused' | 'failed'; message: string } | null;

const visible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * The board and the day's workload from the server, re-read every SUPERVISOR_POLL_MS while
 * the window is visible and after each sync pull (a poke means something in the subtree
 * changed). A reassignment changes the shown row only with the server's answer; a refusal
 * (409) re-reads so the supervisor sees what the server holds.
 */
export function useSupervisorData(api: SupervisorApi, lastPullAt: number | null, date: string | null, clock: () => number = Date.now) {
  const [board, setBoard] = useState<SupervisorBoard | null>(null);
  const [workload, setWorkload] = useState<SupervisorWorkload | null>(null);
  const [error, setError] = useState<{ kind: 'unreachable' | 'failed'; message: string } | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<ReassignNotice>(null);
  // The newest request wins: an older answer arriving late must not overwrite a newer one.
  const generation = useRef(0);

  const reload = useCallback((): Promise<void> => {
    const mine = (generation.current += 1);
    return Promise.resolve()
      .then(() => Promise.all([api.supervisorBoard(), api.supervisorWorkload(date ?? undefined)]))
      .then(
        ([b, w]) => {
          if (mine !== generation.current) return;
          setBoard(b);
          setWorkload(w);
          setError(null);
          setUpdatedAt(clock());
        },
        (e: unknown) => {
          if (mine !== generation.current) return;
          setError({ kind: e instanceof RecordStoreUnreachableError ? 'unreachable' : 'failed', message: e instanceof Error ? e.message : String(e) });
        },
      );
  }, [api, date, clock]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => {
      if (visible()) void reload();
    }, SUPERVISOR_POLL_MS);
    const onVisible = () => {
      if (visible()) void reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);

  useReloadAfterPull(lastPullAt, reload, PULL_REFRESH_MIN_MS);

  /** Sends one reassignment; resolves true when the server accepted it. */
  const reassign = useCallback(
    async (id: string, body: ReassignRequest, assigneeName: string): Promise<boolean> => {
      setPending(true);
      setNotice(null);
      try {
        const answer = await api.reassignWarning(id, body);
        // A re-read already under way may have been answered before the change: let it be dropped.
        generation.current += 1;
        setBoard((current) => current && patchAssignee(current, answer.id, answer.assigneeId));
        setNotice({ kind: 'done', name: assigneeName });
        return true;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (e instanceof RecordStoreHttpError && e.status === 409) {
          setNotice({ kind: 'refused', message });
          await reload();
        } else setNotice({ kind: 'failed', message });
        return false;
      } finally {
        setPending(false);
      }
    },
    [api, reload],
  );

  return useMemo(() => ({ board, workload, error, updatedAt, pending, notice, reload, reassign }), [board, workload, error, updatedAt, pending, notice, reload, reassign]);
}

/** The board with one instruction's assignee replaced (in the open and the overdue lists). */
function patchAssignee(board: SupervisorBoard, id: string, assigneeId: string | null): SupervisorBoard {
  const patch = <T extends { id: string; assigneeId: string | null }>(list: T[]) => list.map((i) => (i.id === id ? { ...i, assigneeId } : i));
  return { ...board, open: patch(board.open), overdue: patch(board.overdue) };
}
