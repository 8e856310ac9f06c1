/** Date and time (`2026/11/21 10:05`, 24-hour) in the UI language, for history rows. */
export function formatDateTime(epochMs: number, locale: string): string {
  return new Date(epochMs).toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}
