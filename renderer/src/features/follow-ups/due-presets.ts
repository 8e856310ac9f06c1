/** The quick due times of the create form; `custom` takes a typed date and time. */
export const DUE_PRESETS = ['hour', 'today17', 'tomorrow9', 'custom'] as const;
export type DuePreset = (typeof DUE_PRESETS)[number];

const HOUR_MS = 3_600_000;

/** Local wall-clock time `hours:00` on `now`'s day plus `days`. */
function atLocal(now: number, days: number, hours: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + days);
  d.setHours(hours, 0, 0, 0);
  return d.getTime();
}

/**
 * The due time a preset stands for, in the workstation's local time (the office's), or null
 * when it is not offered now: "today 17:00" once 17:00 has passed, and `custom`.
 */
export function presetDue(preset: DuePreset, now: number): number | null {
  if (preset === 'hour') return now + HOUR_MS;
  if (preset === 'today17') {
    const at = atLocal(now, 0, 17);
    return at > now ? at : null;
  }
  if (preset === 'tomorrow9') return atLocal(now, 1, 9);
  return null;
}

/** Parses a `datetime-local` value (`YYYY-MM-DDTHH:mm`, local time); null when empty or not a real time. */
export function parseLocalDateTime(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const d = new Date(year, month - 1, day, hour, minute, 0, 0);
  // Reject rollovers such as 02-30 or 24:00, which Date would silently move.
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day || d.getHours() !== hour || d.getMinutes() !== minute) return null;
  return d.getTime();
}

/** Formats epoch ms for a `datetime-local` input, in local time. */
export function toLocalInput(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Due time as people read it: the clock for today, else month-day and clock. */
export function formatDue(epochMs: number, now: number, locale: string): string {
  const d = new Date(epochMs);
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
  if (d.toDateString() === new Date(now).toDateString()) return time;
  return `${d.toLocaleDateString(locale, { month: '2-digit', day: '2-digit' })} ${time}`;
}
