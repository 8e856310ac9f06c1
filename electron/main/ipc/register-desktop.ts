import type { CallActivity, DesktopSettings, ShortcutStatus, TrayAgentState } from '@shared/ipc/desktop';
import { handle } from './handle';

/** What the desktop channels reach. */
export interface DesktopIpcDeps {
  desktopSettings: { get(): DesktopSettings; set(settings: DesktopSettings): Promise<DesktopSettings> };
  shortcutStatus: () => ShortcutStatus[];
  onCallActivity: (activity: CallActivity) => void;
  onAgentState: (state: TrayAgentState) => void;
  onDialReady: (ready: boolean) => void;
}

/** `desktop:get-settings`, `desktop:set-settings`, `shortcuts:status`, `calls:activity`, `agent:state`, `dial:ready`. */
export function registerDesktopIpc(deps: DesktopIpcDeps): void {
  handle('desktop:get-settings', () => deps.desktopSettings.get());
  handle('desktop:set-settings', (settings) => deps.desktopSettings.set(settings));
  handle('shortcuts:status', () => deps.shortcutStatus());
  handle('calls:activity', (activity) => deps.onCallActivity(activity));
  handle('agent:state', (state) => deps.onAgentState(state));
  handle('dial:ready', (ready) => deps.onDialReady(ready));
}
