import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DESKTOP_SETTINGS } from '@shared/ipc/desktop';
import { globalShortcut, resetElectronFake } from '../../../test/fakes/node/electron';
import { GlobalShortcuts } from './global-shortcuts';

vi.mock('electron', () => import('../../../test/fakes/node/electron'));

const onAction = vi.fn();
let shortcuts: GlobalShortcuts;

beforeEach(() => {
  resetElectronFake();
  shortcuts = new GlobalShortcuts(onAction);
});

describe('GlobalShortcuts', () => {
  it('registers the defaults and fires the action', () => {
    const status = shortcuts.apply(DEFAULT_DESKTOP_SETTINGS.shortcuts);
    expect(status.map((s) => s.state)).toEqual(['registered', 'registered', 'registered']);
    globalShortcut.registered.get('CommandOrControl+Alt+H')!();
    expect(onAction).toHaveBeenCalledWith('hangup');
  });

  it('reports a shortcut another program holds as a conflict, and keeps the others', () => {
    globalShortcut.takenElsewhere.add('CommandOrControl+Alt+A');
    const status = shortcuts.apply(DEFAULT_DESKTOP_SETTINGS.shortcuts);
    expect(status).toEqual([
      { action: 'answer', accelerator: 'CommandOrControl+Alt+A', state: 'conflict' },
      { action: 'hangup', accelerator: 'CommandOrControl+Alt+H', state: 'registered' },
      { action: 'mute', accelerator: 'CommandOrControl+Alt+M', state: 'registered' },
    ]);
    expect(shortcuts.status()).toEqual(status);
  });

  it('reports two actions on the same keys as a conflict', () => {
    const status = shortcuts.apply({ answer: 'Alt+F9', hangup: 'Alt+F9', mute: null });
    expect(status.map((s) => s.state)).toEqual(['registered', 'conflict', 'off']);
  });

  it('refuses invalid accelerators without calling Electron, and survives Electron throwing', () => {
    globalShortcut.register.mockImplementationOnce(() => {
      throw new Error('Failed to parse accelerator');
    });
    const status = shortcuts.apply({ answer: 'Alt+F9', hangup: 'H', mute: 'Ctrl+Ctrl+M' });
    expect(status.map((s) => s.state)).toEqual(['invalid', 'invalid', 'invalid']);
    expect(globalShortcut.register).toHaveBeenCalledTimes(1);
  });

  it('re-applying releases the old bindings first; unregisterAll releases only ours', () => {
    globalShortcut.registered.set('Ctrl+Shift+X', () => {});
    shortcuts.apply(DEFAULT_DESKTOP_SETTINGS.shortcuts);
    shortcuts.apply({ answer: 'Alt+F9', hangup: null, mute: null });
    expect([...globalShortcut.registered.keys()].sort()).toEqual(['Alt+F9', 'Ctrl+Shift+X']);
    shortcuts.unregisterAll();
    expect([...globalShortcut.registered.keys()]).toEqual(['Ctrl+Shift+X']);
  });
});
