import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { FreezeRecordView } from '@shared/schemas/freeze';

/**
 * What the sidebar's panels share about the call being worked: the freeze record the
 * call-taker picked in the look-up (templates fill their placeholders from it). The case
 * panel (issue 6 part A) can add its fields here.
 */
export interface Casework {
  freezeRecord: FreezeRecordView | null;
  setFreezeRecord(record: FreezeRecordView | null): void;
}

const CaseworkContext = createContext<Casework | null>(null);

/** Provides the shared casework state to the sidebar's panels. */
export function CaseworkProvider({ children }: { children: ReactNode }) {
  const [freezeRecord, setFreezeRecord] = useState<FreezeRecordView | null>(null);
  const value = useMemo(() => ({ freezeRecord, setFreezeRecord }), [freezeRecord]);
  return <CaseworkContext.Provider value={value}>{children}</CaseworkContext.Provider>;
}

/** The shared casework state; outside a provider, an inert one (panels rendered alone in tests). */
export function useCasework(): Casework {
  return useContext(CaseworkContext) ?? INERT;
}

const INERT: Casework = { freezeRecord: null, setFreezeRecord: () => undefined };
