import type { WebContents } from 'electron';
import { ipcEvents } from '@shared/ipc/contract';
import type { IpcEventChannel, IpcEventPayload } from '@shared/ipc/contract';

/**
 * The one way main pushes an event to the page: the payload is validated against the
 * contract first, so the renderer can trust every event it receives.
 */

/** Sends `payload` on `channel`; returns false (and sends nothing) if invalid or the page is gone. */
export function sendEvent<C extends IpcEventChannel>(webContents: Pick<WebContents, 'send' | 'isDestroyed'>, channel: C, payload: IpcEventPayload<C>): boolean {
  const schema = ipcEvents[channel];
  if (!schema) return false;
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    console.error(`Event ${channel} not sent: payload off-contract`);
    return false;
  }
  if (webContents.isDestroyed()) return false;
  webContents.send(channel, parsed.data);
  return true;
}
