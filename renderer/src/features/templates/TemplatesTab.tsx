import { useLiveQuery } from 'dexie-react-hooks';
import type { Ref } from 'react';
import { caseCallOf } from '../../state/call-record-from-call';
import { useWorkstation } from '../../state/workstation-context';
import { useDeskView } from '../../state/use-workstation-selector';
import { caseForCall } from '../../storage/case-repository';
import { TemplatesPanel } from './TemplatesPanel';

/** The templates panel wired to the workstation (the caller being worked, held or not, and the agent). */
export function TemplatesTab({ inputRef }: { inputRef?: Ref<HTMLInputElement> }) {
  const snap = useDeskView();
  const call = caseCallOf(snap.focusCall, snap.calls);
  const db = useWorkstation().database;
  const callId = call?.id ?? null;
  // The case a picked script fills (its form must be open: see `prefillCaseFromScript`).
  const caseId = useLiveQuery(async () => (db && callId ? ((await caseForCall(db, callId))?.id ?? null) : null), [db, callId], null);
  // Keyed by the call: every call starts on an empty search, no scenario and nothing highlighted.
  return <TemplatesPanel key={call?.id ?? 'none'} callerNumber={call?.remoteNumber ?? null} agentName={snap.user?.displayName ?? null} caseId={caseId} inputRef={inputRef} />;
}
