import { isGlobalAccelerator, type DesktopSettings, type ShortcutAction } from '@shared/ipc/desktop';

/** The three global-shortcut actions, in the order the screen lists them. */
export const SHORTCUT_ACTIONS: readonly ShortcutAction[] = ['answer', 'hangup', 'mute'];

/** What the call-taker typed per action; blank means not bound. */
export type ShortcutDraft = Record<ShortcutAction, string>;

/** The local verdict on one typed binding, before main tries to register it. */
export type DraftProblem = { kind: 'invalid' } | { kind: 'duplicate'; other: ShortcutAction } | null;

export function draftFrom(settings: DesktopSettings): ShortcutDraft {
  return { answer: settings.shortcuts.answer ?? '', hangup: settings.shortcuts.hangup ?? '', mute: settings.shortcuts.mute ?? '' };
}

/** Invalid syntax, or the same keys as an earlier action (main would register only one). */
export function draftProblem(draft: ShortcutDraft, action: ShortcutAction): DraftProblem {
  const value = draft[action].trim();
  if (!value) return null;
  if (!isGlobalAccelerator(value)) return { kind: 'invalid' };
  const other = SHORTCUT_ACTIONS.find((a) => a !== action && draft[a].trim().toLowerCase() === value.toLowerCase());
  return other ? { kind: 'duplicate', other } : null;
}

/** The settings to save, or null while any binding has a problem. */
export function settingsFrom(base: DesktopSettings, alwaysOnTop: boolean, draft: ShortcutDraft): DesktopSettings | null {
  if (SHORTCUT_ACTIONS.some((a) => draftProblem(draft, a))) return null;
  const bind = (a: ShortcutAction) => draft[a].trim() || null;
  return { ...base, alwaysOnTopOnIncoming: alwaysOnTop, shortcuts: { answer: bind('answer'), hangup: bind('hangup'), mute: bind('mute') } };
}
