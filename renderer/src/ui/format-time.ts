/** Clock time (HH:MM:SS, 24-hour as used in Chinese offices) in the UI language. */
export function formatClock(epochMs: number, locale: string): string {
  return new Date(epochMs).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}
