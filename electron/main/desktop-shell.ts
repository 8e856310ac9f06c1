import type { BrowserWindow } from 'electron';
import type { IpcEventChannel, IpcEventPayload } from '@shared/ipc/contract';
import type { ShortcutAction } from '@shared/ipc/desktop';
import { DialLinkRouter } from './deep-link/dial-link-router';
import type { DesktopIpcDeps } from './ipc/register-desktop';
import { sendEvent } from './ipc/send-event';
import { CrashRecovery } from './services/crash-recovery';
import type { DesktopSettingsStore } from './services/desktop-settings';
import { GlobalShortcuts } from './services/global-shortcuts';
import { IncomingCallAttention } from './services/incoming-call-attention';
import type { MainLabels } from './services/labels';
import type { NotificationService } from './services/notifications';
import { CallPowerGuard } from './services/power';
import { TrayService } from './services/tray';

/** What the shell is built from. */
export interface DesktopShellDeps {
  getWindow: () => BrowserWindow | null;
  /** Opens the window if there is none, else brings it forward. */
  showWindow: () => void;
  quit: () => void;
  /** Read lazily: the store is made once userData is known (after \`ready\`). */
  desktopSettings: () => Pick<DesktopSettingsStore, 'get' | 'set' | 'onChange'>;
  notifications: Pick<NotificationService, 'show' | 'close'>;
  labels: () => MainLabels;
  log: (message: string) => void;
}

/**
 * The desktop parts around the one window: tray, global shortcuts, power-save blocker,
 * incoming-call attention, dial links and crash recovery, wired to each other and to IPC.
 * Built before `ready` (dial links can arrive that early); `start` needs `ready`.
 */
export class DesktopShell {
  readonly dialLinks: DialLinkRouter;
  readonly power = new CallPowerGuard();
  readonly tray: TrayService;
  readonly shortcuts: GlobalShortcuts;
  readonly attention: IncomingCallAttention;
  readonly crashRecovery: CrashRecovery;

  constructor(private readonly deps: DesktopShellDeps) {
    this.dialLinks = new DialLinkRouter(deps.getWindow);
    this.tray = new TrayService({
      labels: deps.labels,
      onAction: (action) => this.send('event:tray-action', { action }),
      showWindow: deps.showWindow,
      quit: deps.quit,
    });
    this.shortcuts = new GlobalShortcuts((action: ShortcutAction) => this.send('event:shortcut', { action }));
    this.attention = new IncomingCallAttention({
      getWindow: deps.getWindow,
      notifications: deps.notifications,
      settings: () => deps.desktopSettings().get(),
      labels: deps.labels,
    });
    this.crashRecovery = new CrashRecovery({
      log: deps.log,
      labels: deps.labels,
      onGone: () => this.pageGone(),
    });
  }

  /** The IPC side: what the renderer reports and asks. */
  get ipc(): DesktopIpcDeps {
    return {
      desktopSettings: this.deps.desktopSettings(),
      shortcutStatus: () => this.shortcuts.status(),
      onCallActivity: (activity) => {
        this.power.update(activity.live);
        this.attention.onActivity(activity);
      },
      onAgentState: (state) => this.tray.setState(state),
      onDialReady: (ready) => (ready ? this.dialLinks.onPageReady() : this.dialLinks.onPageGone()),
    };
  }

  /** After `ready`: tray and shortcuts; shortcuts follow later settings changes. */
  start(): void {
    this.tray.create();
    this.applyShortcuts();
    this.deps.desktopSettings().onChange(() => this.applyShortcuts());
  }

  /** Watches a new window: crash reloads, and dial links wait for its page. */
  attachWindow(window: BrowserWindow): void {
    this.crashRecovery.attach(window);
    // A (re)loading page has no dial subscriber until it signs in and says `dial:ready`.
    window.webContents.on('did-start-loading', () => this.dialLinks.onPageGone());
    window.webContents.on('did-finish-load', () => {
      // A reloaded page starts with no subscriber having seen the status.
      this.send('event:shortcut-status', this.shortcuts.status());
    });
    window.on('closed', () => this.pageGone());
  }

  /** On quit: our shortcuts, the tray and the blocker go. */
  shutdown(): void {
    this.shortcuts.unregisterAll();
    this.tray.destroy();
    this.power.release();
  }

  private applyShortcuts(): void {
    const status = this.shortcuts.apply(this.deps.desktopSettings().get().shortcuts);
    for (const s of status) if (s.state === 'conflict' || s.state === 'invalid') this.deps.log(`global shortcut ${s.action} (${s.accelerator}): ${s.state}`);
    this.send('event:shortcut-status', status);
  }

  /** The page that reported calls is gone: nothing it said holds any more. */
  private pageGone(): void {
    this.dialLinks.onPageGone();
    this.power.release();
    this.attention.onActivity({ live: 0, incoming: null });
  }

  private send<C extends IpcEventChannel>(channel: C, payload: IpcEventPayload<C>): void {
    const window = this.deps.getWindow();
    if (window && !window.isDestroyed()) sendEvent(window.webContents, channel, payload);
  }
}
