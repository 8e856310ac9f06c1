import type { BrowserWindow } from 'electron';
import type { CallActivity, DesktopSettings } from '@shared/ipc/desktop';
import type { MainLabels } from './labels';
import type { NotificationService } from './notifications';
import { focusWindow } from './notifications';

/** What the attention service needs. */
export interface AttentionDeps {
  getWindow: () => BrowserWindow | null;
  notifications: Pick<NotificationService, 'show' | 'close'>;
  settings: () => Pick<DesktopSettings, 'alwaysOnTopOnIncoming'>;
  labels: () => Pick<MainLabels, 'incomingCall' | 'unknownCaller'>;
}

/**
 * Makes a ringing call impossible to miss: once per call id the window is shown, restored,
 * raised and focused (above full-screen programs when the setting says so) and a native
 * notification appears; clicking it focuses the window. When the call stops ringing the
 * window leaves the always-on-top level and the notification goes.
 */
export class IncomingCallAttention {
  private ringingCallId: string | null = null;
  private onTop = false;

  constructor(private readonly deps: AttentionDeps) {}

  /** Called with every call-activity report from the renderer. */
  onActivity(activity: CallActivity): void {
    const incoming = activity.incoming;
    if (!incoming) {
      this.stopRinging();
      return;
    }
    if (incoming.callId === this.ringingCallId) return;
    if (this.ringingCallId) this.deps.notifications.close(tagFor(this.ringingCallId));
    this.ringingCallId = incoming.callId;
    const window = this.deps.getWindow();
    if (window && !window.isDestroyed()) {
      if (this.deps.settings().alwaysOnTopOnIncoming) {
        // 'screen-saver' is the level that sits above full-screen windows on macOS and Windows.
        window.setAlwaysOnTop(true, 'screen-saver');
        this.onTop = true;
      }
      focusWindow(window);
      window.moveTop();
    }
    // The page's own words (its language, via i18next); main's table only when it sent none.
    const labels = this.deps.labels();
    const text = incoming.notification ?? { title: labels.incomingCall, body: incoming.from.trim() || labels.unknownCaller };
    this.deps.notifications.show({ ...text, tag: tagFor(incoming.callId), urgent: true });
  }

  private stopRinging(): void {
    if (this.ringingCallId) this.deps.notifications.close(tagFor(this.ringingCallId));
    this.ringingCallId = null;
    if (!this.onTop) return;
    this.onTop = false;
    const window = this.deps.getWindow();
    if (window && !window.isDestroyed()) window.setAlwaysOnTop(false);
  }
}

function tagFor(callId: string): string {
  return `call:${callId}`;
}
