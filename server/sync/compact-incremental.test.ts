import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';
import { lockChangeLog } from './change-log';
import { compactChangeLog } from './compact';
import { readPulledRows } from './pull-rows';

// Issue 18: costs that do not grow with history. Compaction looks only at rows new since its
// last run, in short batches, without the change-log lock; pull pages of several units are
// read in order from the (org_unit_id, seq) index.
describe.each(BACKENDS)('incremental compaction and ordered pulls on %s', (kind) => {
  const t = useBackend(kind);
  const seqs = async () => (await t.rows<{ seq: number }>(sql`SELECT seq::int AS seq FROM change_log ORDER BY seq`)).map((r) => r.seq);

  it('drops a row superseded after an earlier run, and gives the same result in batches of 2 as in one', async () => {
    const token = await t.login('agentA1');
    const [a, b] = [callRecord(), callRecord()];
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(a), upsert(b)]) }); // 1, 2
    expect(await compactChangeLog(t.db.orm, { batchRows: 2 })).toMatchObject({ superseded: 0 });
    // Both records change after the run: their rows 1 and 2 lie below the checked mark and must still go.
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert({ ...a, answeredAt: a.startedAt + 1 })]) }); // 3
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert({ ...b, answeredAt: b.startedAt + 1 }), upsert({ ...a, answeredAt: a.startedAt + 2 })]) }); // 4, 5
    expect(await compactChangeLog(t.db.orm, { batchRows: 2 })).toMatchObject({ superseded: 3 });
    expect(await seqs()).toEqual([4, 5]);
    expect(await compactChangeLog(t.db.orm, { batchRows: 2 })).toMatchObject({ superseded: 0 });
  });

  it.runIf(kind === 'postgres')('never waits for the change-log lock, so a push in progress never waits for it either', async () => {
    const token = await t.login('agentA1');
    const r = callRecord();
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(r)]) });
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert({ ...r, answeredAt: r.startedAt + 1 })]) });
    // A push holds the lock (its transaction stays open) while compaction runs on another connection.
    const outcome = await t.db.orm.transaction(async (tx) => {
      await lockChangeLog(tx);
      const timeout = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5_000));
      return Promise.race([compactChangeLog(t.db.orm), timeout]);
    });
    expect(outcome).toMatchObject({ superseded: 1 });
  });

  it("reads a subtree's page in seq order across units, a page at a time", async () => {
    const { orgA, orgB } = t.fixture;
    // Interleaved: A, B, B, A, A, B (seqs 1..6), plus another unit's rows that must never appear.
    for (const unit of [orgA, orgB, orgB, orgA, orgA, orgB]) {
      await t.rows(sql`INSERT INTO change_log (entity, entity_id, org_unit_id, data) VALUES ('callRecord', ${crypto.randomUUID()}, ${unit}, '{}'::jsonb)`);
    }
    const both = [orgA, orgB];
    expect((await readPulledRows(t.db.orm, both, 0, 4)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect((await readPulledRows(t.db.orm, both, 4, 4)).map((r) => r.seq)).toEqual([5, 6]);
    expect((await readPulledRows(t.db.orm, [orgB], 1, 2)).map((r) => r.seq)).toEqual([2, 3]);
    const [first] = await readPulledRows(t.db.orm, both, 0, 1);
    expect(first).toMatchObject({ seq: 1, entity: 'callRecord', data: {} });
    expect(typeof first!.seq).toBe('number');
  });
});
