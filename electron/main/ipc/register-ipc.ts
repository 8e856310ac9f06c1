import type { AppIpcDeps } from './register-app';
import { registerAppIpc } from './register-app';
import type { CredentialStore } from '../services/credentials';
import type { UserJournals } from '../services/user-journals';
import type { NotificationService } from '../services/notifications';
import { registerCredentialIpc } from './register-credentials';
import type { DesktopIpcDeps } from './register-desktop';
import { registerDesktopIpc } from './register-desktop';
import { registerJournalIpc } from './register-journal';
import { registerNotificationIpc } from './register-notifications';
import type { RecordStoreIpcDeps } from './register-record-store';
import { registerRecordStoreIpc } from './register-record-store';
import type { WindowIpcDeps } from './register-window';
import { registerWindowIpc } from './register-window';

/** Every service the IPC channels reach. */
export interface IpcServices extends AppIpcDeps, WindowIpcDeps, RecordStoreIpcDeps {
  desktop: DesktopIpcDeps;
  credentials: CredentialStore;
  notifications: NotificationService;
  /** Note journals, one per user. */
  journals: Pick<UserJournals, 'of'>;
}

/** Registers every request channel of the contract, once, when the app is ready. */
export function registerIpc(services: IpcServices): void {
  registerAppIpc(services);
  registerCredentialIpc(services.credentials);
  registerNotificationIpc(services.notifications);
  registerWindowIpc(services);
  registerJournalIpc(services.journals);
  registerDesktopIpc(services.desktop);
  registerRecordStoreIpc(services);
}
