import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/sync/mutations';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { callRecord, upsert } from '../../test/rig/mutation-builders';
import { pruneAppliedMutations } from './applied-retention';

const PUSH = '/api/v1/sync/push';

/** A push body whose mutations carry outbox numbers, as a client that takes part in retention sends it. */
const numbered = (clientId: string, mutations: Array<[Mutation, number]>, ackedThrough?: number) => ({
  clientId,
  mutations: mutations.map(([m, clientSeq]) => ({ ...m, clientSeq })),
  ...(ackedThrough === undefined ? {} : { ackedThrough }),
});

describe.each(BACKENDS)('applied_mutations retention on %s', (kind) => {
  const t = useBackend(kind);

  it('forgets acknowledged results, refuses their replay, and answers an unacknowledged replay from the table', async () => {
    const token = await t.login('agentA1');
    const client = randomUUID();
    const [m1, m2, m3] = [upsert(callRecord()), upsert(callRecord()), upsert(callRecord())];
    const first = await t.call('POST', PUSH, { token, body: numbered(client, [[m1, 1], [m2, 2]]) });
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    // The next push says 1 and 2 left the outbox.
    const second = await t.call('POST', PUSH, { token, body: numbered(client, [[m3, 3]], 2) });
    expect(second.body.results[0].status).toBe('applied');

    expect(await pruneAppliedMutations(t.db.orm, { graceMs: 0 })).toBe(2);
    const kept = await t.rows<{ id: string }>(sql`SELECT mutation_id AS id FROM applied_mutations`);
    expect(kept.map((r) => r.id)).toEqual([m3.mutationId]);

    const log = await t.count('change_log');
    // A stale window sends 1 again (pruned, acknowledged) and 3 (not acknowledged): 1 is refused, 3 gets its stored result.
    const replay = await t.call('POST', PUSH, { token, body: numbered(client, [[m1, 1], [m3, 3]], 0) });
    expect(replay.status).toBe(200);
    expect(replay.body.results[0]).toMatchObject({ mutationId: m1.mutationId, status: 'rejected', reason: 'already-acknowledged' });
    expect(replay.body.results[1]).toEqual(second.body.results[0]);
    expect(await t.count('change_log')).toBe(log);
    expect(await t.count('call_records')).toBe(3);
    // The stale window's older point did not lower the stored one.
    const [state] = await t.rows<{ acked: number }>(sql`SELECT acked_through::int AS acked FROM sync_clients WHERE client_id = ${client}`);
    expect(state!.acked).toBe(2);
  });

  it('keeps what is unacknowledged, inside the grace window, or from clients that send no numbers', async () => {
    const token = await t.login('agentA1');
    const numberedClient = randomUUID();
    await t.call('POST', PUSH, { token, body: numbered(numberedClient, [[upsert(callRecord()), 1], [upsert(callRecord()), 2]], 0) });
    await t.call('POST', PUSH, { token, body: numbered(numberedClient, [[upsert(callRecord()), 3]], 1) });
    // An older client: no clientSeq, no ackedThrough.
    await t.call('POST', PUSH, { token, body: { clientId: randomUUID(), mutations: [upsert(callRecord())] } });
    expect(await t.count('applied_mutations')).toBe(4);
    expect(await pruneAppliedMutations(t.db.orm)).toBe(0);
    expect(await pruneAppliedMutations(t.db.orm, { graceMs: 0 })).toBe(1);
    expect(await t.count('applied_mutations')).toBe(3);
  });

  it('never lets one user acknowledge for another user on the same client id', async () => {
    const a1 = await t.login('agentA1');
    const a2 = await t.login('agentA2');
    const client = randomUUID();
    const m = upsert(callRecord());
    await t.call('POST', PUSH, { token: a1, body: numbered(client, [[m, 1]]) });
    await t.call('POST', PUSH, { token: a2, body: numbered(client, [[upsert(callRecord()), 9]], 5) });
    expect(await pruneAppliedMutations(t.db.orm, { graceMs: 0 })).toBe(0);
    const replay = await t.call('POST', PUSH, { token: a1, body: numbered(client, [[m, 1]]) });
    expect(replay.body.results[0].status).toBe('applied');
  });
});
