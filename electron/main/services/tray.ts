import { Menu, nativeImage, Tray } from 'electron';
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type { TrayAgentState } from '@shared/ipc/desktop';
import type { MainLabels } from './labels';
import { trayIconPng } from './tray-icon';

/** The Electron pieces the tray uses; injectable for tests. */
export interface TrayDeps {
  TrayImpl?: new (image: NativeImage) => Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy' | 'isDestroyed'>;
  buildMenu?: (template: MenuItemConstructorOptions[]) => Menu;
  labels: () => Pick<MainLabels, 'appName' | 'ready' | 'notReady' | 'onCall' | 'afterCallWork' | 'offline' | 'showWindow' | 'quit'>;
  /** A tray choice; the renderer decides and reports the resulting state back. */
  onAction: (action: 'ready' | 'not-ready') => void;
  showWindow: () => void;
  quit: () => void;
}

/**
 * The tray icon: the agent's state at a glance (icon colour and tooltip) and a menu with
 * ready / not ready, show window and quit. The state comes from the renderer over IPC; a
 * tray choice is passed to the renderer and shown at once, then corrected by its report.
 */
export class TrayService {
  private tray: InstanceType<NonNullable<TrayDeps['TrayImpl']>> | null = null;
  private agentState: TrayAgentState = 'offline';
  private shownTooltip = '';

  constructor(private readonly deps: TrayDeps) {}

  /** Creates the icon (after `ready`). */
  create(): void {
    if (this.tray) return;
    const TrayImpl = this.deps.TrayImpl ?? Tray;
    this.tray = new TrayImpl(this.image());
    // Windows and Linux: a click on the icon brings the window up.
    this.tray.on('click', () => this.deps.showWindow());
    this.render();
  }

  /** The state shown now. */
  get state(): TrayAgentState {
    return this.agentState;
  }

  /** The tooltip shown now (read back by the real-Electron suite). */
  get tooltip(): string {
    return this.shownTooltip;
  }

  /** Shows a new agent state (from the renderer, or the locale changed). */
  setState(state: TrayAgentState): void {
    this.agentState = state;
    this.render();
  }

  /** Re-renders labels, e.g. after a language change. */
  refresh(): void {
    this.render();
  }

  destroy(): void {
    if (this.tray && !this.tray.isDestroyed()) this.tray.destroy();
    this.tray = null;
  }

  private image(): NativeImage {
    return nativeImage.createFromBuffer(trayIconPng(this.agentState));
  }

  private render(): void {
    if (!this.tray || this.tray.isDestroyed()) return;
    const labels = this.deps.labels();
    const stateLabel = { ready: labels.ready, 'not-ready': labels.notReady, 'on-call': labels.onCall, 'after-call-work': labels.afterCallWork, offline: labels.offline }[this.agentState];
    this.tray.setImage(this.image());
    this.shownTooltip = `${labels.appName} · ${stateLabel}`;
    this.tray.setToolTip(this.shownTooltip);
    // Offline: nobody signed in. On a call: the phone, not the agent, decides the state.
    const choosable = this.agentState !== 'offline' && this.agentState !== 'on-call';
    const choose = (action: 'ready' | 'not-ready') => () => {
      this.setState(action);
      this.deps.onAction(action);
    };
    const template: MenuItemConstructorOptions[] = [
      { id: 'ready', label: labels.ready, type: 'radio', checked: this.agentState === 'ready', enabled: choosable, click: choose('ready') },
      { id: 'not-ready', label: labels.notReady, type: 'radio', checked: this.agentState === 'not-ready', enabled: choosable, click: choose('not-ready') },
      { type: 'separator' },
      { id: 'show', label: labels.showWindow, click: () => this.deps.showWindow() },
      { id: 'quit', label: labels.quit, click: () => this.deps.quit() },
    ];
    this.tray.setContextMenu((this.deps.buildMenu ?? ((t) => Menu.buildFromTemplate(t)))(template));
  }
}
