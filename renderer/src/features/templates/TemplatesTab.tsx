import type { Ref } from 'react';
import { useWorkstationSnapshot } from '../../state/workstation-context';
import { TemplatesPanel } from './TemplatesPanel';

/** The templates panel wired to the workstation (the focused call and the agent). */
export function TemplatesTab({ inputRef }: { inputRef?: Ref<HTMLInputElement> }) {
  const snap = useWorkstationSnapshot();
  return <TemplatesPanel callerNumber={snap.focusCall?.remoteNumber ?? null} agentName={snap.user?.displayName ?? null} inputRef={inputRef} />;
}
