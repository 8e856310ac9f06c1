import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import type { Change } from '@shared/sync/protocol';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { saveCallRecord } from './call-repository';
import { DeskDb } from './db';
import { LEGACY_ACKED_KEY, LEGACY_DEFERRED_KEY, PULL_ACK_PREFIX, PULL_DEFERRED_PREFIX, readAcked, readDeferred } from './pull-meta';
import { applyPulledPage, recordAcks, settleDeferred } from './pulled-changes';
import { openShipped } from '../../../test/fakes/web/shipped-schemas';

const change = (seq: number, call: CallRecord): Change => ({ seq, entity: 'callRecord', id: call.id, data: call });
const page = (changes: Change[], cursor = changes.at(-1)?.seq ?? 0) => ({ changes, cursor, purgedThrough: 0 });
const metaKeys = async (db: DeskDb, prefix: string) => ((await db.meta.where('key').startsWith(prefix).primaryKeys()) as string[]).sort();

describe('pull metadata: one row per entity', () => {
  const opened: DeskDb[] = [];
  const fresh = () => {
    const db = new DeskDb(`pull-meta-${crypto.randomUUID()}`);
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await db.delete();
    }
  });

  it('the version 8 upgrade splits the maps of version 7 into per-entity rows, and their guarantees hold', async () => {
    const name = `pull-meta-${crypto.randomUUID()}`;
    const acked = callRecordFixture({ remoteNumber: '13800000001' });
    const held = callRecordFixture({ remoteNumber: '13800000002' });
    const old = openShipped(name, 7);
    await old.table('meta').bulkPut([
      { key: 'pullCursor', value: 5 },
      { key: LEGACY_ACKED_KEY, value: { [`callRecord:${acked.id}`]: 12 } },
      { key: LEGACY_DEFERRED_KEY, value: { [`callRecord:${held.id}`]: change(4, held) } },
    ]);
    await old.table('callRecords').put({ ...acked, remoteNumber: '13700000000' });
    old.close();

    const db = new DeskDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(8);
    expect(await db.meta.get(LEGACY_ACKED_KEY)).toBeUndefined();
    expect(await db.meta.get(LEGACY_DEFERRED_KEY)).toBeUndefined();
    expect([...(await readAcked(db))]).toEqual([[`callRecord:${acked.id}`, 12]]);
    expect([...(await readDeferred(db))]).toEqual([[`callRecord:${held.id}`, change(4, held)]]);

    // The moved acknowledgement still keeps an older version off our row...
    await applyPulledPage(db, page([change(9, acked)]));
    expect((await db.callRecords.get(acked.id))?.remoteNumber).toBe('13700000000');
    // ...and the moved held-back version lands once nothing is pending for it.
    expect(await settleDeferred(db)).toBe(1);
    expect(await db.callRecords.get(held.id)).toEqual(held);
    expect((await readDeferred(db)).size).toBe(0);
  });

  it('an acknowledgement writes its own row only, and is dropped once the cursor passes its seq', async () => {
    const db = fresh();
    const [a, b, c] = [callRecordFixture(), callRecordFixture(), callRecordFixture()];
    await recordAcks(db, [[`callRecord:${a.id}`, 10]]);
    await recordAcks(db, [[`callRecord:${b.id}`, 20], [`callRecord:${b.id}`, 15]]);
    expect(await metaKeys(db, PULL_ACK_PREFIX)).toEqual([`${PULL_ACK_PREFIX}callRecord:${a.id}`, `${PULL_ACK_PREFIX}callRecord:${b.id}`].sort());
    expect((await readAcked(db)).get(`callRecord:${b.id}`)).toBe(20); // the highest seq of one entity wins

    // The cursor passes 10, not 20: only a's row goes.
    await applyPulledPage(db, page([change(11, c)]));
    expect([...(await readAcked(db)).keys()]).toEqual([`callRecord:${b.id}`]);
    await applyPulledPage(db, page([], 20));
    expect((await readAcked(db)).size).toBe(0);

    // An acknowledgement the cursor already passed (our change was pulled back first) is not kept at all.
    await recordAcks(db, [[`callRecord:${c.id}`, 18]]);
    expect(await metaKeys(db, PULL_ACK_PREFIX)).toEqual([]);
  });

  it('a held-back version is one row, replaced by a newer one and removed when the entity is no longer pending', async () => {
    const db = fresh();
    const mine = callRecordFixture();
    await saveCallRecord(db, mine); // queued in the outbox: pending
    await applyPulledPage(db, page([change(3, { ...mine, remoteNumber: '13900000003' })]));
    await applyPulledPage(db, page([change(4, { ...mine, remoteNumber: '13900000004' })]));
    expect(await metaKeys(db, PULL_DEFERRED_PREFIX)).toEqual([`${PULL_DEFERRED_PREFIX}callRecord:${mine.id}`]);
    expect((await readDeferred(db)).get(`callRecord:${mine.id}`)?.seq).toBe(4);

    // Answered: the next page's change of it replaces the held version, which is dropped.
    await db.outbox.clear();
    await applyPulledPage(db, page([change(5, { ...mine, remoteNumber: '13900000005' })]));
    expect(await metaKeys(db, PULL_DEFERRED_PREFIX)).toEqual([]);
    expect((await db.callRecords.get(mine.id))?.remoteNumber).toBe('13900000005');
  });
});
