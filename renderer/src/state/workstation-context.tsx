import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Workstation, WorkstationSnapshot } from './workstation';

export const WorkstationContext = createContext<Workstation | null>(null);

/** The workstation controller; only inside `<WorkstationContext.Provider>`. */
export function useWorkstation(): Workstation {
  const ws = useContext(WorkstationContext);
  if (!ws) throw new Error('useWorkstation outside WorkstationContext');
  return ws;
}

/** Re-renders on every workstation change. */
export function useWorkstationSnapshot(): WorkstationSnapshot {
  const ws = useWorkstation();
  return useSyncExternalStore(ws.subscribe, ws.getSnapshot);
}
