/** Median of a list of numbers (NaN for none). */
export function median(all: number[]): number {
  const values = all.filter(Number.isFinite);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A printable row: name, median, min-max, count; samples that could not be measured are counted, not averaged. */
export function row(name: string, all: number[], unit = 'ms'): string {
  const values = all.filter(Number.isFinite);
  const missing = all.length - values.length;
  if (values.length === 0) return `${name.padEnd(44)} n/a`;
  const fmt = (v: number) => v.toFixed(1).padStart(8);
  return `${name.padEnd(44)} median ${fmt(median(values))} ${unit}   min ${fmt(Math.min(...values))}   max ${fmt(Math.max(...values))}   n=${values.length}${missing ? ` (${missing} not measured)` : ''}`;
}
