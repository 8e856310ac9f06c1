import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PullResponseSchema } from '../../shared/sync/protocol';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { append, batch, callRecord, noteSegment, upsert } from '../../test/rig/mutation-builders';
import { compactChangeLog, tombstonesPurgedThrough } from './compact';

const DAY_MS = 24 * 60 * 60 * 1000;
const pullUrl = (cursor: number) => `/api/v1/sync/pull?cursor=${cursor}`;

describe.each(BACKENDS)('change-log compaction and pull 409 on %s', (kind) => {
  const t = useBackend(kind);

  /** A tombstone written `ageDays` ago (no mutation deletes yet, so it is written directly). */
  async function tombstone(entityId: string, orgUnitId: string, ageDays: number): Promise<number> {
    const [row] = await t.rows<{ seq: number }>(
      sql`INSERT INTO change_log (entity, entity_id, org_unit_id, data, at) VALUES ('callRecord', ${entityId}, ${orgUnitId}, NULL, now() - ${ageDays} * interval '1 day') RETURNING seq::int AS seq`,
    );
    return row!.seq;
  }

  it('drops rows superseded by a later row of the same entity; a pull from 0 still ends with every latest state', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const note = noteSegment(record.id);
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(record), append(note)]) });
    const answered = { ...record, answeredAt: record.startedAt + 5000 };
    const ended = { ...answered, endedAt: record.startedAt + 60_000, endReason: 'remote-hangup' as const };
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(answered)]) });
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(ended)]) });
    expect(await t.count('change_log')).toBe(4);

    const result = await compactChangeLog(t.db.orm);
    expect(result).toEqual({ superseded: 2, tombstones: 0, purgedThrough: 0 });
    const page = PullResponseSchema.parse((await t.call('GET', pullUrl(0), { token })).body);
    expect(page.changes.map((c) => [c.seq, c.entity])).toEqual([
      [2, 'noteSegment'],
      [4, 'callRecord'],
    ]);
    expect(page.changes[1]!.data).toEqual({ ...ended, agentId: t.fixture.users.agentA1 });
    // Running again finds nothing more to do.
    expect(await compactChangeLog(t.db.orm)).toEqual({ superseded: 0, tombstones: 0, purgedThrough: 0 });
  });

  it('keeps the latest row of an entity per org unit: one published to two units (a dispatched visit) stays visible to both', async () => {
    const data = { id: 'w-1' };
    await t.rows(sql`INSERT INTO change_log (entity, entity_id, org_unit_id, data) VALUES ('warningInstruction', 'w-1', ${t.fixture.orgA}, ${JSON.stringify(data)}::jsonb)`);
    await t.rows(sql`INSERT INTO change_log (entity, entity_id, org_unit_id, data) VALUES ('warningInstruction', 'w-1', ${t.fixture.orgB}, ${JSON.stringify(data)}::jsonb)`);
    expect(await compactChangeLog(t.db.orm)).toEqual({ superseded: 0, tombstones: 0, purgedThrough: 0 });
    const units = await t.rows<{ org_unit_id: string }>(sql`SELECT org_unit_id FROM change_log WHERE entity_id = 'w-1' ORDER BY seq`);
    expect(units.map((u) => u.org_unit_id)).toEqual([t.fixture.orgA, t.fixture.orgB]);
  });

  it('purges tombstones past the retention, records the mark, and answers 409 to cursors below it', async () => {
    const token = await t.login('agentA1');
    const r1 = callRecord();
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(r1)]) }); // seq 1
    const oldDelete = await tombstone(r1.id, t.fixture.orgA, 100); // seq 2
    const r2 = callRecord();
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(r2)]) }); // seq 3
    const freshDelete = await tombstone(r2.id, t.fixture.orgA, 1); // seq 4

    const result = await compactChangeLog(t.db.orm, { retentionMs: 30 * DAY_MS });
    // r1's upsert is superseded by its tombstone, which is then old enough to go; r2's is superseded by the fresh tombstone, which stays.
    expect(result).toEqual({ superseded: 2, tombstones: 1, purgedThrough: oldDelete });
    expect(await tombstonesPurgedThrough(t.db.orm)).toBe(oldDelete);
    expect((await t.rows(sql`SELECT seq::int AS seq FROM change_log ORDER BY seq`)).map((r) => r.seq)).toEqual([freshDelete]);

    const below = await t.call('GET', pullUrl(oldDelete - 1), { token });
    expect(below.status).toBe(409);
    expect(below.body).toMatchObject({ error: 'resync-required' });
    expect(below.body.message).toContain(`cursor ${oldDelete - 1}`);
    for (const cursor of [0, oldDelete, freshDelete]) expect((await t.call('GET', pullUrl(cursor), { token })).status, `cursor ${cursor}`).toBe(200);
    const fromZero = PullResponseSchema.parse((await t.call('GET', pullUrl(0), { token })).body);
    expect(fromZero.changes).toEqual([{ seq: freshDelete, entity: 'callRecord', id: r2.id, data: null }]);

    // The mark never goes back down, even when a later run purges nothing.
    expect((await compactChangeLog(t.db.orm, { retentionMs: 30 * DAY_MS })).purgedThrough).toBe(oldDelete);
  });

  it('lets a re-bootstrap page through cursors below the mark once it names the mark it began under', async () => {
    const token = await t.login('agentA1');
    const [r0, r1, r2] = [callRecord(), callRecord(), callRecord()];
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(r0)]) }); // seq 1 survives
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(r1)]) }); // seq 2, superseded
    const purged = await tombstone(r1.id, t.fixture.orgA, 100); // seq 3
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(r2)]) }); // seq 4
    expect((await compactChangeLog(t.db.orm)).purgedThrough).toBe(purged);

    const first = PullResponseSchema.parse((await t.call('GET', '/api/v1/sync/pull?cursor=0&limit=1', { token })).body);
    expect(first).toMatchObject({ cursor: 1, more: true, purgedThrough: purged });
    const next = await t.call('GET', `/api/v1/sync/pull?cursor=1&purgedThrough=${purged}`, { token });
    expect(next.status).toBe(200);
    expect(next.body.changes.map((c: { id: string }) => c.id)).toEqual([r2.id]);
    // The same cursor from a history begun before the purge may have missed the delete.
    expect((await t.call('GET', '/api/v1/sync/pull?cursor=1', { token })).status).toBe(409);
    expect((await t.call('GET', `/api/v1/sync/pull?cursor=1&purgedThrough=${purged - 1}`, { token })).status).toBe(409);
  });

  it('answers 409 to a cursor beyond anything this database issued (another database’s cursor)', async () => {
    const token = await t.login('agentA1');
    expect((await t.call('GET', pullUrl(5), { token })).status).toBe(409);
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(callRecord())]) });
    expect((await t.call('GET', pullUrl(1), { token })).status).toBe(200);
    const ahead = await t.call('GET', pullUrl(2), { token });
    expect(ahead.status).toBe(409);
    expect(ahead.body.message).toContain('another database');
    // Seqs used by other org units still count as issued: org B's cursor past A's change is fine.
    const tokenB = await t.login('agentB1');
    expect((await t.call('GET', pullUrl(1), { token: tokenB })).status).toBe(200);
  });
});
