import { useCallback, useRef, useSyncExternalStore } from 'react';
import { caseCallOf } from './call-record-from-call';
import type { WorkstationSnapshot } from './workstation';
import { useWorkstation } from './workstation-context';

/**
 * Re-renders only when `select(snapshot)` changes (by `isEqual`, `Object.is` unless told),
 * not on every workstation change: the sync status alone changes many times a call, and a
 * panel that re-renders all its children on each of those made every answer slower over a
 * shift (issue 17). `select` may build a new value each time as long as `isEqual` sees through it.
 */
export function useWorkstationSelector<T>(select: (snapshot: WorkstationSnapshot) => T, isEqual: (a: T, b: T) => boolean = Object.is): T {
  const ws = useWorkstation();
  const last = useRef<{ snapshot: WorkstationSnapshot; value: T } | null>(null);
  const read = useCallback(() => {
    const snapshot = ws.getSnapshot();
    // Same snapshot, same answer (React reads it several times per render).
    if (last.current?.snapshot === snapshot) return last.current.value;
    const next = select(snapshot);
    const value = last.current && isEqual(last.current.value, next) ? last.current.value : next;
    last.current = { snapshot, value };
    return value;
    // A new `select` (an inline arrow) each render is fine: the cached value survives it.
  }, [ws, select, isEqual]);
  return useSyncExternalStore(ws.subscribe, read);
}

/** Equal when both lists hold the same items in the same order (by `Object.is`). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** The part of the workstation the desk's panels show: the calls, the focused call, the user and the phone's registration. */
export type DeskView = Pick<WorkstationSnapshot, 'calls' | 'focusCall' | 'user' | 'registration'>;

const deskView = (s: WorkstationSnapshot): DeskView => ({ calls: s.calls, focusCall: s.focusCall, user: s.user, registration: s.registration });
const sameDeskView = (a: DeskView, b: DeskView) => a.calls === b.calls && a.focusCall === b.focusCall && a.user === b.user && a.registration === b.registration;

/** Like `useWorkstationSnapshot`, minus the sync status: a panel using this is not re-rendered by a sync tick. */
export function useDeskView(): DeskView {
  return useWorkstationSelector(deskView, sameDeskView);
}

/** The call whose caller the sidebar's tools serve (`caseCallOf`), reduced to what they show. */
export interface CaseCallView {
  id: string;
  remoteNumber: string;
}

const caseCallView = (s: WorkstationSnapshot): CaseCallView | null => {
  const call = caseCallOf(s.focusCall, s.calls);
  return call ? { id: call.id, remoteNumber: call.remoteNumber } : null;
};
const sameCaseCall = (a: CaseCallView | null, b: CaseCallView | null) => a === b || (!!a && !!b && a.id === b.id && a.remoteNumber === b.remoteNumber);

/**
 * The case call's id and number only: the answer (ringing → active), hold and the call's end
 * change neither, so the look-up and template panels are not re-rendered by them (each answer
 * re-rendered 36 template cards while the case form waited to show, issue 17).
 */
export function useCaseCallView(): CaseCallView | null {
  return useWorkstationSelector(caseCallView, sameCaseCall);
}

const displayName = (s: WorkstationSnapshot) => s.user?.displayName ?? null;

/** The signed-in person's display name (null when signed out). */
export function useDisplayName(): string | null {
  return useWorkstationSelector(displayName);
}
