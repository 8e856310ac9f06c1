// Routing decisions the record store sustains on PostgreSQL (issue 16): concurrent PBX
// clients ask POST /api/v1/routing/next for fresh calls over loopback HTTP while three agents
// are ready; each offered call is released again (reported abandoned), so the agents stay
// available and every ask is a full decision (queue order, candidates, atomic reservation).
// Median of 3 runs of 5 s. Prints; asserts nothing.
import { randomUUID } from 'node:crypto';
import { startPostgres } from '../rig/postgres';
import { startRecordStore } from '../rig/record-store';
import { batch } from '../rig/mutation-builders';
import { row } from './stats';

const CLIENTS = 8;
const RUN_MS = 5000;

async function post(url: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Returns printable lines: decisions per second, and the latency of one decision. */
export async function benchRoutingDecisions(): Promise<string[]> {
  const postgres = await startPostgres();
  const store = await startRecordStore({ databaseUrl: postgres.url, env: { LOG_LEVEL: 'warn', COMPACTION_INTERVAL_MS: '0' } });
  try {
    for (const username of ['agent1001', 'agent1002', 'agent1003']) {
      const { token } = (await post(`${store.url}/api/v1/auth/login`, { username, password: 'demo1234' })) as { token: string };
      await post(`${store.url}/api/v1/sync/push`, batch([{ mutationId: randomUUID(), name: 'agentState.set', args: { state: 'ready', reason: null, since: Date.now() } }]), token);
    }
    const perSecond: number[] = [];
    const latency: number[] = [];
    for (let run = 0; run < 3; run++) {
      let decisions = 0;
      const end = performance.now() + RUN_MS;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (performance.now() < end) {
            const callId = randomUUID();
            const t0 = performance.now();
            const decision = (await post(`${store.url}/api/v1/routing/next`, { callId, caller: '13800138000' })) as { decision: string };
            latency.push(performance.now() - t0);
            decisions += 1;
            await post(`${store.url}/api/v1/routing/report`, { callId, outcome: 'abandoned' });
            if (decision.decision === 'wait') await new Promise((r) => setTimeout(r, 1));
          }
        }),
      );
      perSecond.push((decisions * 1000) / RUN_MS);
    }
    return [row(`routing decisions/s, ${CLIENTS} PBX clients (PostgreSQL)`, perSecond, '/s'), row('routing decision latency under that load', latency)];
  } finally {
    await store.stop();
    await postgres.stop();
  }
}
