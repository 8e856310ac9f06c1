/** Median of a list of numbers (NaN for none). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A printable row: name, median, min-max, count. */
export function row(name: string, values: number[], unit = 'ms'): string {
  if (values.length === 0) return `${name.padEnd(44)} n/a`;
  const fmt = (v: number) => v.toFixed(1).padStart(8);
  return `${name.padEnd(44)} median ${fmt(median(values))} ${unit}   min ${fmt(Math.min(...values))}   max ${fmt(Math.max(...values))}   n=${values.length}`;
}
