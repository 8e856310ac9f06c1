import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CDPSession } from '@playwright/test';

/**
 * Heap figures of a page over CDP, for the soak benchmark (issue 17): the used JS heap after a
 * forced GC, and heap snapshots written to a file and summarised by constructor, so an early
 * and a late snapshot show what grows.
 */

/** Used JS heap in bytes after a forced garbage collection. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/** Writes a heap snapshot (after a forced GC) to `file`. */
export async function writeHeapSnapshot(cdp: CDPSession, file: string): Promise<void> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const out = createWriteStream(file);
  const onChunk = ({ chunk }: { chunk: string }) => out.write(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await new Promise<void>((done) => out.end(done));
  }
}

/** Count and self size of the nodes of one constructor (or node type) in a snapshot. */
export interface ConstructorTotal {
  count: number;
  size: number;
}

/** Sums a snapshot's nodes by constructor name (objects, closures) or node type (strings, code, …). */
export async function summariseSnapshot(file: string): Promise<Map<string, ConstructorTotal>> {
  const snap = JSON.parse(await readFile(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const totals = new Map<string, ConstructorTotal>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const key = type === 'object' || type === 'closure' ? `${type}:${snap.strings[snap.nodes[i + nameAt]!]!.replace(/ @\d+$/, '')}` : type;
    const t = totals.get(key) ?? { count: 0, size: 0 };
    t.count++;
    t.size += snap.nodes[i + sizeAt]!;
    totals.set(key, t);
  }
  return totals;
}

/** The `top` constructors whose count grew most between two summaries, as printable lines. */
export function compareSummaries(early: Map<string, ConstructorTotal>, late: Map<string, ConstructorTotal>, top = 25): string[] {
  const rows = [...late].map(([key, t]) => {
    const e = early.get(key) ?? { count: 0, size: 0 };
    return { key, dCount: t.count - e.count, dSize: t.size - e.size, count: t.count };
  });
  rows.sort((a, b) => b.dSize - a.dSize);
  return rows.slice(0, top).map((r) => `  ${r.key.slice(0, 60).padEnd(60)} +${String(r.dCount).padStart(7)} objects  +${(r.dSize / 1024).toFixed(0).padStart(7)} KiB  (now ${r.count})`);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time by function over CPU profiles (CDP `Profiler.stop` results), the `top` heaviest as printable lines. */
export function topSelfTime(profiles: Array<{ nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }>, top = 25): string[] {
  const self = new Map<string, number>();
  let total = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    (p.samples ?? []).forEach((id, i) => {
      const n = byId.get(id);
      const dt = (p.timeDeltas?.[i] ?? 0) / 1000;
      total += dt;
      if (!n) return;
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + dt);
    });
  }
  return [`  CPU self time over ${profiles.length} answers, ${total.toFixed(0)} ms sampled:`, ...[...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${k.slice(0, 100)}`)];
}
