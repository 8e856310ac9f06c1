import type { IpcMainInvokeEvent } from 'electron';
import { isTrustedUrl } from './app-origin';

/**
 * Who may call main over IPC: the top frame of a page from the app origin (or the dev
 * server in development). An iframe or a page that navigated elsewhere is refused even
 * though it shares the preload's web contents.
 */

/** The part of an invoke event the check reads. */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** True when the event comes from the app's own top frame. */
export function isTrustedSender(event: SenderEvent): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isTrustedUrl(frame.url);
}
