import { memo, useMemo, type RefObject } from 'react';
import { useWorkstation } from '../../state/workstation-context';
import { HistorySearchPanel } from './HistorySearchPanel';
import type { HistorySearchDeps } from './history-search-service';

/** The sidebar's 历史 tab: the history search wired to the workstation's database and record store. */
export const HistorySearchTab = memo(function HistorySearchTab({ inputRef }: { inputRef?: RefObject<HTMLInputElement | null> }) {
  const ws = useWorkstation();
  const db = ws.database;
  const deps = useMemo<HistorySearchDeps>(() => ({ api: ws.recordStore, db }), [ws, db]);
  return <HistorySearchPanel deps={deps} inputRef={inputRef} />;
});
