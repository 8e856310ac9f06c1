// A diagnostic for the benchmarks: CPU seconds spent by each kind of process on this machine
// (Chromium's browser, renderer, network and GPU processes, the record store, PostgreSQL)
// between two readings of /proc. On 2 cores a figure is often bounded by the sum of these,
// not by the process the profiler looks at.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Which kind of process a command line is, or null for one the benchmarks do not start. */
function kindOf(cmdline: string): string | null {
  if (/chrom/i.test(cmdline)) {
    const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
    if (!type) return 'chromium browser';
    if (type === 'utility') return /NetworkService|network\.mojom/.test(cmdline) ? 'chromium network' : 'chromium utility';
    return `chromium ${type}`;
  }
  if (/^postgres|\/postgres\b/.test(cmdline)) return 'postgresql';
  if (/server\/main\.ts|record-store/.test(cmdline)) return 'record store';
  return null;
}

/** CPU ticks (user + system) per process id, with the process's kind. */
function readTicks(): Map<number, { kind: string; ticks: number }> {
  const out = new Map<number, { kind: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const kind = kindOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
      if (!kind) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, { kind, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended between listing and reading
    }
  }
  return out;
}

/** Starts a reading; the returned function gives CPU seconds per kind since then. */
export function cpuMeter(): () => Map<string, number> {
  const before = readTicks();
  return () => {
    const seconds = new Map<string, number>();
    for (const [pid, now] of readTicks()) {
      const delta = now.ticks - (before.get(pid)?.ticks ?? 0);
      seconds.set(now.kind, (seconds.get(now.kind) ?? 0) + delta / TICKS_PER_SECOND);
    }
    return seconds;
  };
}

/** One line: `kind 1.23 s` per kind, largest first. */
export function formatCpu(seconds: Map<string, number>): string {
  return [...seconds]
    .filter(([, s]) => s >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, s]) => `${kind} ${s.toFixed(2)} s`)
    .join(', ');
}
