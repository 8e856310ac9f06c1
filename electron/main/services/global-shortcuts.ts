import { globalShortcut } from 'electron';
import type { GlobalShortcut } from 'electron';
import { isGlobalAccelerator, ShortcutActionSchema } from '@shared/ipc/desktop';
import type { DesktopSettings, ShortcutAction, ShortcutStatus } from '@shared/ipc/desktop';

/**
 * System-wide shortcuts for answer, hang up and mute, so a call-taker typing in another
 * program can still take the call. Bindings come from the desktop settings; each binding's
 * outcome (`registered`, `conflict` when another program holds the keys or two actions
 * share them, `invalid`, `off`) is kept for the settings UI.
 */
export class GlobalShortcuts {
  private registered: string[] = [];
  private current: ShortcutStatus[] = ShortcutActionSchema.options.map((action) => ({ action, accelerator: null, state: 'off' }));

  constructor(
    private readonly onAction: (action: ShortcutAction) => void,
    private readonly shortcuts: Pick<GlobalShortcut, 'register' | 'unregister'> = globalShortcut,
  ) {}

  /** Replaces every binding of ours; returns (and keeps) the outcome per action. */
  apply(bindings: DesktopSettings['shortcuts']): ShortcutStatus[] {
    this.unregisterAll();
    const taken = new Set<string>();
    this.current = ShortcutActionSchema.options.map((action): ShortcutStatus => {
      const accelerator = bindings[action];
      if (accelerator === null) return { action, accelerator, state: 'off' };
      if (!isGlobalAccelerator(accelerator)) return { action, accelerator, state: 'invalid' };
      if (taken.has(accelerator.toLowerCase())) return { action, accelerator, state: 'conflict' };
      let ok: boolean;
      try {
        ok = this.shortcuts.register(accelerator, () => this.onAction(action));
      } catch {
        // Electron throws on an accelerator it cannot parse.
        return { action, accelerator, state: 'invalid' };
      }
      if (!ok) return { action, accelerator, state: 'conflict' };
      taken.add(accelerator.toLowerCase());
      this.registered.push(accelerator);
      return { action, accelerator, state: 'registered' };
    });
    return this.status();
  }

  /** The outcome of the last `apply`. */
  status(): ShortcutStatus[] {
    return this.current.map((s) => ({ ...s }));
  }

  /** Releases our bindings only (other code's global shortcuts are left alone). Called on quit. */
  unregisterAll(): void {
    for (const accelerator of this.registered) this.shortcuts.unregister(accelerator);
    this.registered = [];
  }
}
