/** One formatter per locale: building an Intl formatter costs far more than formatting (issue 17's profile). */
const clocks = new Map<string, Intl.DateTimeFormat>();

/** Clock time (HH:MM:SS, 24-hour as used in Chinese offices) in the UI language. */
export function formatClock(epochMs: number, locale: string): string {
  let clock = clocks.get(locale);
  if (!clock) {
    clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    clocks.set(locale, clock);
  }
  return clock.format(epochMs);
}
