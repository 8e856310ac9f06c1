import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  AttemptInput,
  ContactInput,
  VisitRecordInput,
  WarningConfigView,
  WarningInstruction,
  WarningListResponse,
  WarningStationsResponse,
  WarningStep,
  WarningTransitionRequest,
} from '@shared/schemas/warning';
import { RecordStoreHttpError, RecordStoreUnreachableError } from '../../sync/record-store-client';
import { mergeServerAnswer, type QueueItem } from './queue-order';
import { useReloadAfterPull } from '../../state/use-reload-after-pull';

/** The part of the record store client the queue uses (a fake in tests). */
export interface WarningsApi {
  listWarnings(): Promise<WarningListResponse>;
  warningConfig(): Promise<WarningConfigView>;
  transitionWarning(id: string, body: WarningTransitionRequest): Promise<WarningInstruction>;
  recordWarningAttempt(id: string, body: AttemptInput): Promise<WarningInstruction>;
  recordWarningContact(id: string, body: ContactInput): Promise<WarningInstruction>;
  listWarningStations(): Promise<WarningStationsResponse>;
  recordWarningVisit(id: string, body: VisitRecordInput & { returnToUnit: boolean }): Promise<WarningInstruction>;
  /** Takes the instruction over from the automatic caller (absent: the desk offers no take-over). */
  takeOverWarning?(id: string): Promise<WarningInstruction>;
}

/** What the last action came to, for the notice under the queue. */
export type ActionNotice = { kind: 'refused' | 'failed'; message: string } | { kind: 'recorded'; message: string } | null;

/** How often the queue is re-read while the tab is open, whatever the sync loop does. */
export const QUEUE_REFRESH_MS = 30_000;
/** At most one re-read per this interval when the sync loop reports pulls in a burst. */
const PULL_REFRESH_MIN_MS = 1_000;

/**
 * The unit's queue from the server, refreshed periodically. Actions go to the server and the
 * row changes only with the server's answer; a refusal (409) reloads the list so the agent
 * sees the state the server holds. `lastPullAt` (the sync loop's) triggers a re-read too.
 */
export function useWarningQueue(api: WarningsApi, lastPullAt: number | null = null) {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [config, setConfig] = useState<WarningConfigView | null>(null);
  const [error, setError] = useState<'unreachable' | 'failed' | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [notice, setNotice] = useState<ActionNotice>(null);

  const reload = useCallback(
    (): Promise<void> =>
      Promise.resolve()
        .then(() => api.listWarnings())
        .then(
          (list) => {
            setItems(list.items);
            setError(null);
          },
          (e: unknown) => setError(e instanceof RecordStoreUnreachableError ? 'unreachable' : 'failed'),
        ),
    [api],
  );

  useEffect(() => {
    let alive = true;
    void (async () => {
      try {
        const c = await api.warningConfig();
        if (alive) setConfig(c);
      } catch {
        // Colours fall back to the defaults; the list reports the error.
      }
    })();
    void reload();
    const timer = setInterval(() => void reload(), QUEUE_REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [api, reload]);

  // A pull (after an SSE poke, ~1 s after the server's change) may carry warning changes: re-read the queue.
  // The list is re-read rather than patched from pulled rows: the server's overdue verdicts come with it.
  // Leading edge: the first pull after a quiet spell re-reads at once (an instruction must show
  // within a second of ingest); a burst of pulls then costs at most one re-read per interval.
  useReloadAfterPull(lastPullAt, reload, PULL_REFRESH_MIN_MS);

  /** Runs one server action for `id`; resolves true when the server accepted it. */
  const act = useCallback(
    async (id: string, run: () => Promise<WarningInstruction>, onDone?: (answer: WarningInstruction) => ActionNotice): Promise<boolean> => {
      setPending(id);
      setNotice(null);
      try {
        const answer = await run();
        setItems((list) => mergeServerAnswer(list, answer));
        setNotice(onDone?.(answer) ?? null);
        return true;
      } catch (e) {
        if (e instanceof RecordStoreHttpError && e.status === 409) {
          setNotice({ kind: 'refused', message: e.message });
          await reload();
        } else setNotice({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
        return false;
      } finally {
        setPending(null);
      }
    },
    [reload],
  );

  const transition = useCallback((item: QueueItem, body: WarningStep) => act(item.id, () => api.transitionWarning(item.id, { ...body, expectedState: item.state } as WarningTransitionRequest)), [act, api]);
  const recordAttempt = useCallback(
    (item: QueueItem, body: AttemptInput, label: string) => act(item.id, () => api.recordWarningAttempt(item.id, body), () => ({ kind: 'recorded', message: label })),
    [act, api],
  );

  const recordVisit = useCallback((item: QueueItem, body: VisitRecordInput) => act(item.id, () => api.recordWarningVisit(item.id, { ...body, returnToUnit: true })), [act, api]);

  const recordContact = useCallback((item: QueueItem, body: ContactInput) => act(item.id, () => api.recordWarningContact(item.id, body)), [act, api]);

  const takeOver = useMemo(() => (api.takeOverWarning ? (item: QueueItem) => act(item.id, () => api.takeOverWarning!(item.id)) : null), [act, api]);

  return useMemo(
    () => ({ items, config, error, pending, notice, reload, transition, recordAttempt, recordVisit, recordContact, takeOver }),
    [items, config, error, pending, notice, reload, transition, recordAttempt, recordVisit, recordContact, takeOver],
  );
}
