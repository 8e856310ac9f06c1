import type { NotificationService } from '../services/notifications';
import { handle } from './handle';

/** `notify:show`. */
export function registerNotificationIpc(notifications: Pick<NotificationService, 'show'>): void {
  handle('notify:show', (request) => notifications.show(request));
}
