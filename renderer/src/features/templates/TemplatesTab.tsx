import { memo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Ref } from 'react';
import { useWorkstation } from '../../state/workstation-context';
import { useCaseCallView, useDisplayName } from '../../state/use-workstation-selector';
import { caseForCall } from '../../storage/case-repository';
import { TemplatesPanel } from './TemplatesPanel';

/** The templates panel wired to the workstation (the caller being worked, held or not, and the agent). */
export const TemplatesTab = memo(function TemplatesTab({ inputRef }: { inputRef?: Ref<HTMLInputElement> }) {
  // The case call's id and number only: answering it re-renders none of the cards.
  const call = useCaseCallView();
  const agentName = useDisplayName();
  const db = useWorkstation().database;
  const callId = call?.id ?? null;
  // The case a picked script fills (its form must be open: see `prefillCaseFromScript`).
  const caseId = useLiveQuery(async () => (db && callId ? ((await caseForCall(db, callId))?.id ?? null) : null), [db, callId], null);
  // Keyed by the call: every call starts on an empty search, no scenario and nothing highlighted.
  return <TemplatesPanel key={call?.id ?? 'none'} callerNumber={call?.remoteNumber ?? null} agentName={agentName} caseId={caseId} inputRef={inputRef} />;
});
