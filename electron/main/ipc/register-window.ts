import type { BrowserWindow } from 'electron';
import { openExternalSafely } from '../security/open-external';
import { focusWindow } from '../services/notifications';
import { HandlerError } from './handler-error';
import { handle } from './handle';

/** What the window channels need. */
export interface WindowIpcDeps {
  getWindow: () => BrowserWindow | null;
  openExternal?: (url: string) => Promise<boolean>;
}

/** `window:focus`, `shell:open-external` (allowlisted https links only). */
export function registerWindowIpc(deps: WindowIpcDeps): void {
  const openExternal = deps.openExternal ?? openExternalSafely;
  handle('window:focus', () => focusWindow(deps.getWindow()));
  handle('shell:open-external', async (url) => {
    if (!(await openExternal(url))) throw new HandlerError('forbidden-url', 'This link is not on the allowlist');
  });
}
