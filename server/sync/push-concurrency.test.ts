import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';
import type { Orm } from '../db/database';
import { lockChangeLog } from './change-log';

const PUSH = '/api/v1/sync/push';

// A push must answer as if it held the change-log lock for everything it read (push.ts takes
// the lock first today; a push that reads before the lock, as tried in session 6, must then
// check under it that nothing it read changed). These tests change things while a transaction
// holds the lock and pushes wait, then commit a change the pushes read. On PGlite (one
// connection) the pushes only start after it, so the same answers are reached without the gap.
describe.each(BACKENDS)('push racing another writer on %s', (kind) => {
  const t = useBackend(kind);

  /** Holds the change-log lock; `release(write)` runs `write` in the holding transaction and commits. */
  async function holdLock(): Promise<{ release: (write?: (tx: Orm) => Promise<void>) => Promise<void> }> {
    let finish: (write?: (tx: Orm) => Promise<void>) => void = () => undefined;
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = t.db.orm.transaction(async (tx) => {
      await lockChangeLog(tx);
      locked();
      const write = await new Promise<((tx: Orm) => Promise<void>) | undefined>((r) => (finish = r));
      if (write) await write(tx);
    });
    await isLocked;
    return {
      release: async (write) => {
        finish(write);
        await holder;
      },
    };
  }

  it('plans again when a record it read changed before it got the lock', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const [created] = (await t.call('POST', PUSH, { token, body: batch([upsert(record)]) })).body.results;
    const lock = await holdLock();
    // Planned now, this re-send is "same, at the old seq": nothing new.
    const resend = t.call('POST', PUSH, { token, body: batch([upsert(record)]) });
    await new Promise((r) => setTimeout(r, 300));
    // Another writer changes the record meanwhile and publishes it above the push's head.
    await lock.release(async (tx) => {
      await tx.execute(sql`UPDATE call_records SET remote_number = '10000', updated_seq = 2 WHERE id = ${record.id}`);
      await tx.execute(sql`SELECT setval(pg_get_serial_sequence('change_log', 'seq'), 2)`);
      await tx.execute(sql`INSERT INTO change_log (seq, entity, entity_id, org_unit_id, data) VALUES (2, 'callRecord', ${record.id}, ${t.fixture.orgA}, '{}'::jsonb)`);
    });
    const [result] = (await resend).body.results;
    // Planned again under the lock: the stored facts differ, so the re-send is a new change.
    expect(created).toMatchObject({ status: 'applied', seq: 1 });
    expect(result).toMatchObject({ status: 'applied', seq: 3 });
    const [row] = await t.rows(sql`SELECT remote_number, updated_seq::int AS seq FROM call_records WHERE id = ${record.id}`);
    expect(row).toEqual({ remote_number: record.remoteNumber, seq: 3 });
  });

  it('answers the stored results when the same batch is pushed twice at once, and applies it once', async () => {
    const token = await t.login('agentA1');
    const body = batch([upsert(callRecord()), upsert(callRecord())]);
    const lock = await holdLock();
    const both = Promise.all([t.call('POST', PUSH, { token, body }), t.call('POST', PUSH, { token, body })]);
    await new Promise((r) => setTimeout(r, 300));
    await lock.release();
    const [a, b] = await both;
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(a.body.results.map((r: { seq: number }) => r.seq)).toEqual([1, 2]);
    expect(await t.count('change_log')).toBe(2);
    expect(await t.count('applied_mutations')).toBe(2);
  });
});
