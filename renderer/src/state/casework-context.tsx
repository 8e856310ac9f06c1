import { useLiveQuery } from 'dexie-react-hooks';
import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { FreezeRecordView } from '@shared/schemas/freeze';
import { caseForCall } from '../storage/case-repository';
import { caseCallOf } from './call-record-from-call';
import type { WorkstationSnapshot } from './workstation';
import { WorkstationContext } from './workstation-context';

/**
 * What the sidebar's panels share about the call being worked: the freeze record the
 * call-taker picked in the look-up and the caller's name from the call's case (templates
 * fill their placeholders from both).
 */
export interface Casework {
  freezeRecord: FreezeRecordView | null;
  setFreezeRecord(record: FreezeRecordView | null): void;
  /** The case's caller name (the reporter's in a fraud report); null when it has none. */
  callerName: string | null;
}

const CaseworkContext = createContext<Casework | null>(null);

const NO_SUBSCRIPTION = () => () => undefined;

/**
 * The caller's name as saved in the case of the call being worked (the held caller's while
 * consulting). Read from storage, not from the case form: the form may sit in a hidden tab
 * (no effects run there) while the templates are shown, and it saves within 200 ms anyway.
 */
function useCaseCallerName(): string | null {
  const ws = useContext(WorkstationContext);
  // Only the call's id (a string compares by value): a sync tick or the answer itself does not
  // re-render the sidebar's provider and every panel under it.
  const callId = useSyncExternalStore(ws?.subscribe ?? NO_SUBSCRIPTION, () => caseCallIdOf(ws?.getSnapshot() ?? null));
  const db = ws?.database ?? null;
  return useLiveQuery(
    async () => {
      if (!db || !callId) return null;
      const found = await caseForCall(db, callId);
      return found?.fields.callerName?.trim() || found?.fields.reporterName?.trim() || null;
    },
    [db, callId],
    null,
  );
}

function caseCallIdOf(snap: WorkstationSnapshot | null): string | null {
  return snap ? (caseCallOf(snap.focusCall, snap.calls)?.id ?? null) : null;
}

/** Provides the shared casework state to the sidebar's panels. */
export function CaseworkProvider({ children }: { children: ReactNode }) {
  const [freezeRecord, setFreezeRecord] = useState<FreezeRecordView | null>(null);
  const callerName = useCaseCallerName();
  const value = useMemo(() => ({ freezeRecord, setFreezeRecord, callerName }), [freezeRecord, callerName]);
  return <CaseworkContext.Provider value={value}>{children}</CaseworkContext.Provider>;
}

/** The shared casework state; outside a provider, an inert one (panels rendered alone in tests). */
export function useCasework(): Casework {
  return useContext(CaseworkContext) ?? INERT;
}

const INERT: Casework = { freezeRecord: null, setFreezeRecord: () => undefined, callerName: null };
