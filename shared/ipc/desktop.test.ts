import { describe, expect, it } from 'vitest';
import { CallActivitySchema, DEFAULT_DESKTOP_SETTINGS, DesktopSettingsSchema, isGlobalAccelerator } from './desktop';

describe('isGlobalAccelerator', () => {
  it.each(['CommandOrControl+Alt+A', 'Ctrl+Shift+F12', 'Alt+Space', 'Super+num5', 'CmdOrCtrl+Alt+Shift+Plus'])('accepts %s', (a) => {
    expect(isGlobalAccelerator(a)).toBe(true);
  });
  it.each(['A', 'F5', '', 'Alt+', '+A', 'Alt+Alt+A', 'Ctrl+Hyper+A', 'Alt+AB', 'Alt+a', 'Alt+F25', 'Ctrl+Alt+Shift+Super+Meta+A', 'Alt+A\n', 'Alt+Ａ'])('refuses %j', (a) => {
    expect(isGlobalAccelerator(a)).toBe(false);
  });
});

describe('desktop schemas', () => {
  it('fills the defaults from an empty object', () => {
    expect(DesktopSettingsSchema.parse({})).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(DEFAULT_DESKTOP_SETTINGS.alwaysOnTopOnIncoming).toBe(false);
  });
  it('bounds call activity', () => {
    expect(CallActivitySchema.safeParse({ live: 17, incoming: null }).success).toBe(false);
    expect(CallActivitySchema.safeParse({ live: 1, incoming: { callId: '', from: '1' } }).success).toBe(false);
    expect(CallActivitySchema.safeParse({ live: 1, incoming: { callId: 'c', from: 'x'.repeat(65) } }).success).toBe(false);
  });
});
