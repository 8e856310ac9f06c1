export { ShortcutSheet } from './ShortcutSheet';
export { SHORTCUTS } from './shortcut-list';
