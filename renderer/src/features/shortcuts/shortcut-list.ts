/**
 * Every keyboard shortcut in the workstation, for the shortcut sheet. Where a key is bound:
 * phone: `features/phone/PhonePanel.tsx` and `TransferBox.tsx`; note: `features/call-note/NoteEditor.tsx`;
 * case: `features/case/CaseForm.tsx` and `AgentStateControl.tsx` (Alt+G, Alt+X);
 * sidebar: `features/sidebar/Sidebar.tsx`; look-up and templates: their panels.
 * Add a row here when you bind a key.
 */
export interface ShortcutRow {
  keys: string;
  /** i18n key under `shortcutSheet.action`. */
  action: string;
  group: 'phone' | 'note' | 'case' | 'lookup' | 'templates' | 'general';
}

export const SHORTCUTS: readonly ShortcutRow[] = [
  { keys: 'Alt+A', action: 'answer', group: 'phone' },
  { keys: 'Alt+H', action: 'hangup', group: 'phone' },
  { keys: 'Alt+D', action: 'focusDial', group: 'phone' },
  { keys: 'Alt+K', action: 'hold', group: 'phone' },
  { keys: 'Alt+M', action: 'mute', group: 'phone' },
  { keys: 'Alt+T', action: 'transfer', group: 'phone' },
  { keys: 'Enter', action: 'transferNow', group: 'phone' },
  { keys: 'Shift+Enter', action: 'transferConsult', group: 'phone' },
  { keys: 'Esc', action: 'transferClose', group: 'phone' },
  { keys: 'Alt+N', action: 'focusNote', group: 'note' },
  { keys: 'Ctrl+Enter', action: 'saveParagraph', group: 'note' },
  { keys: 'Alt+C', action: 'focusCase', group: 'case' },
  { keys: 'Alt+1 … Alt+6', action: 'nonData', group: 'case' },
  { keys: 'Ctrl+Alt+F', action: 'finalise', group: 'case' },
  { keys: 'Alt+G', action: 'goReady', group: 'case' },
  { keys: 'Alt+X', action: 'extendWrapUp', group: 'case' },
  { keys: 'Alt+L', action: 'focusLookup', group: 'lookup' },
  { keys: 'Enter', action: 'lookupSearch', group: 'lookup' },
  { keys: '↓ / ↑', action: 'lookupMove', group: 'lookup' },
  { keys: 'Enter', action: 'lookupInsert', group: 'lookup' },
  { keys: 'Esc', action: 'cancelReveal', group: 'lookup' },
  { keys: 'Alt+S', action: 'focusTemplates', group: 'templates' },
  { keys: '↓ / ↑', action: 'templatesMove', group: 'templates' },
  { keys: 'Enter', action: 'templatesInsert', group: 'templates' },
  { keys: 'Enter, Enter', action: 'templatesInsertAgain', group: 'templates' },
  { keys: 'Alt+R', action: 'focusFollowUps', group: 'general' },
  { keys: 'F1 / ?', action: 'sheet', group: 'general' },
  { keys: 'Alt+Y', action: 'focusHistory', group: 'general' },
  { keys: '1 … 7', action: 'warningAttempt', group: 'general' },
  { keys: 'Ctrl+,', action: 'openSettings', group: 'general' },
];
