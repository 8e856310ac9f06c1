import { Notification } from 'electron';
import type { BrowserWindow, NotificationConstructorOptions } from 'electron';
import type { NotificationRequest } from '@shared/ipc/contract';

/**
 * Desktop notifications for calls and warnings. Clicking one brings the workstation to the
 * front. Notifications with the same tag replace each other (one per call), and each is
 * held until closed because Electron drops click handlers of garbage-collected ones.
 */

/** The Notification class, injectable for tests. */
export type NotificationClass = Pick<typeof Notification, 'isSupported'> & (new (options: NotificationConstructorOptions) => Notification);

/** Brings the window forward: restore if minimised, show if hidden, then focus. */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}

/** The service behind `notify:show`. */
export class NotificationService {
  private readonly live = new Set<Notification>();
  private readonly byTag = new Map<string, Notification>();

  constructor(
    private readonly getWindow: () => BrowserWindow | null,
    private readonly NotificationImpl: NotificationClass = Notification,
  ) {}

  /** Shows a notification; silently does nothing where the OS has none. */
  show(request: NotificationRequest): void {
    if (!this.NotificationImpl.isSupported()) return;
    const notification = new this.NotificationImpl({
      title: request.title,
      body: request.body,
      urgency: request.urgent ? 'critical' : 'normal',
      silent: false,
    });
    if (request.tag) {
      this.byTag.get(request.tag)?.close();
      this.byTag.set(request.tag, notification);
    }
    this.live.add(notification);
    notification.on('click', () => focusWindow(this.getWindow()));
    notification.on('close', () => {
      this.live.delete(notification);
      if (request.tag && this.byTag.get(request.tag) === notification) this.byTag.delete(request.tag);
    });
    notification.show();
  }

  /** Closes the notification with this tag, if still shown (e.g. the call stopped ringing). */
  close(tag: string): void {
    this.byTag.get(tag)?.close();
  }
}
