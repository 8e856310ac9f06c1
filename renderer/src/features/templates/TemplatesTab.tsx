import type { Ref } from 'react';
import { caseCallOf } from '../../state/call-record-from-call';
import { useWorkstationSnapshot } from '../../state/workstation-context';
import { TemplatesPanel } from './TemplatesPanel';

/** The templates panel wired to the workstation (the caller being worked, held or not, and the agent). */
export function TemplatesTab({ inputRef }: { inputRef?: Ref<HTMLInputElement> }) {
  const snap = useWorkstationSnapshot();
  const call = caseCallOf(snap.focusCall, snap.calls);
  // Keyed by the call: every call starts on an empty search, no scenario and nothing highlighted.
  return <TemplatesPanel key={call?.id ?? 'none'} callerNumber={call?.remoteNumber ?? null} agentName={snap.user?.displayName ?? null} inputRef={inputRef} />;
}
