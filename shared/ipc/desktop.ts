import { z } from 'zod';

/**
 * Schemas of the desktop-only IPC channels (tray, shortcuts, call activity, desktop
 * settings). Kept apart from `contract.ts` so that file stays a readable channel map.
 */

/** What a global shortcut does. */
export const ShortcutActionSchema = z.enum(['answer', 'hangup', 'mute']);
export type ShortcutAction = z.infer<typeof ShortcutActionSchema>;

const MODIFIERS = new Set(['Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta']);
const KEY = /^(?:[A-Z0-9]|F(?:[1-9]|1[0-9]|2[0-4])|Space|Tab|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc|Plus|num[0-9])$/;

/**
 * True for an Electron accelerator we accept for a global shortcut: one or more modifiers
 * then exactly one key. A bare key is refused: registered globally it would swallow that
 * key in every other program.
 */
export function isGlobalAccelerator(value: string): boolean {
  const parts = value.split('+');
  if (parts.length < 2 || parts.length > 5) return false;
  const key = parts[parts.length - 1]!;
  const modifiers = parts.slice(0, -1);
  if (new Set(modifiers).size !== modifiers.length) return false;
  return modifiers.every((m) => MODIFIERS.has(m)) && KEY.test(key);
}

/** An accelerator such as `CommandOrControl+Alt+A`. */
export const AcceleratorSchema = z.string().max(64).refine(isGlobalAccelerator, 'Expected modifiers and one key, e.g. CommandOrControl+Alt+A');

/** Desktop-only settings, kept by main next to the workstation config. */
export const DesktopSettingsSchema = z.object({
  /** On an incoming call, raise the window above full-screen programs too. */
  alwaysOnTopOnIncoming: z.boolean().default(false),
  /** Global shortcut per action; null means not bound. */
  shortcuts: z
    .object({ answer: AcceleratorSchema.nullable(), hangup: AcceleratorSchema.nullable(), mute: AcceleratorSchema.nullable() })
    .default({ answer: 'CommandOrControl+Alt+A', hangup: 'CommandOrControl+Alt+H', mute: 'CommandOrControl+Alt+M' }),
});
export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;

/** Defaults: no always-on-top, Ctrl/Cmd+Alt+A/H/M (Alt+A etc. stay the in-window keys). */
export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = DesktopSettingsSchema.parse({});

/** How registering one global shortcut went. `conflict`: another program holds it. */
export const ShortcutStatusSchema = z.object({
  action: ShortcutActionSchema,
  accelerator: z.string().max(64).nullable(),
  state: z.enum(['registered', 'conflict', 'invalid', 'off']),
});
export type ShortcutStatus = z.infer<typeof ShortcutStatusSchema>;

/** The agent's state as the tray shows it (the same names as the record store's agent states). */
export const TrayAgentStateSchema = z.enum(['ready', 'not-ready', 'on-call', 'after-call-work', 'offline']);
export type TrayAgentState = z.infer<typeof TrayAgentStateSchema>;

/**
 * What the renderer reports on every call change: how many calls are live (main holds a
 * power-save blocker while any is) and the call ringing in, if any (main brings the window
 * forward and shows a notification once per call id).
 */
export const CallActivitySchema = z.object({
  live: z.number().int().min(0).max(16),
  incoming: z
    .object({
      callId: z.string().min(1).max(100),
      /** The caller's number as received; display text only, never dialled by main. */
      from: z.string().max(64),
      /** The notification in the page's language (main has no i18next); main falls back to its own labels without it. */
      notification: z.object({ title: z.string().trim().min(1).max(200), body: z.string().max(1000) }).optional(),
    })
    .nullable(),
});
export type CallActivity = z.infer<typeof CallActivitySchema>;

/** The page's translations of what main shows on its behalf (the incoming-call notification). */
export interface DesktopTexts {
  incomingCallTitle: string;
  unknownCaller: string;
}
