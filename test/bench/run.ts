// `npm run bench`: prints figures (medians of several runs); asserts nothing. Runs inside a
// loopback-only network namespace (see package.json) because it makes WebRTC calls.
// BENCH_ONLY=call-setup|trunk|freeze-inquiry|soak|sync|auto-call|routing|browser-sync|freeze-lookup|push runs just that one.
// BENCH_SOAK_CALLS sets the soak's length (200 when run alone, 40 in the whole run).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startStack } from '../rig/stack';
import { benchCallSetup } from './call-setup';
import { benchBrowserSync } from './browser-sync';
import { benchFreezeInquiryActions } from './freeze-inquiry-actions';
import { benchSyncThroughput } from './sync-throughput';
import { benchTrunkCall } from './trunk-call';
import { benchAutoCall } from './auto-call';
import { benchRoutingDecisions } from './routing-decisions';
import { benchRoutingRing } from './routing-ring';
import { benchSoak } from './soak';
import { benchPushConcurrency } from './push-concurrency';

const calls = Number(process.env.BENCH_CALLS ?? 10);
const only = process.env.BENCH_ONLY;
const wants = (name: string) => !only || only === name;
const stack = wants('call-setup') || wants('trunk') || wants('freeze-inquiry') || wants('soak') ? await startStack() : null;
try {
  if (stack && wants('call-setup')) for (const line of await benchCallSetup(stack, calls)) console.log(line);
  // Beside the browser-to-browser figure above: the same answer → audio through the carrier trunk.
  if (stack && wants('trunk')) for (const line of await benchTrunkCall(stack, calls)) console.log(line);
  if (stack && wants('freeze-inquiry')) for (const line of await benchFreezeInquiryActions(stack)) console.log(line);
  // A shift in one session (issue 17): stays flat in time and heap.
  if (stack && wants('soak')) for (const line of await benchSoak(stack, Number(process.env.BENCH_SOAK_CALLS ?? (only ? 200 : 40)))) console.log(line);
} finally {
  await stack?.stop();
}
if (wants('sync')) for (const line of await benchSyncThroughput()) console.log(line);
if (wants('push')) for (const line of await benchPushConcurrency()) console.log(line);
// Automatic warning calls (issue 19): ingest → first ring, handled per minute per caller instance (its own stack).
if (wants('auto-call')) for (const line of await benchAutoCall(only ? calls : 3)) console.log(line);
if (wants('routing')) {
  // INVITE → ringing at the chosen agent, routed and ring-all (two stacks of their own), then decisions/s on PostgreSQL.
  for (const line of await benchRoutingRing(calls)) console.log(line);
  for (const line of await benchRoutingDecisions()) console.log(line);
}
// The same sync in real Chromium: offline shift → converged, initial pull, cold start. Full size
// (10k / 50k / 100k) takes many minutes, so the whole run does a tenth unless BENCH_BROWSER_SCALE says otherwise.
if (wants('browser-sync')) await benchBrowserSync(only ? 1 : 0.1);
// 1M freeze records on PostgreSQL, HTTP vs the driver; its own process (it seeds and reports by itself).
if (wants('freeze-lookup')) spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'freeze-lookup.ts')], { stdio: 'inherit' });
// City scale (1M-row change log, 1M freeze records, two record stores, 200 Node workstations):
// minutes of seeding and a bounded shift, so only on request (BENCH_ONLY=city), never in the whole run.
if (only === 'city') spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'city-scale.ts')], { stdio: 'inherit' });
