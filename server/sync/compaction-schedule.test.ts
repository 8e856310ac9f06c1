import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';
import type { CompactionResult } from './compact';
import { scheduleCompaction } from './compaction-schedule';

describe.each(BACKENDS)('scheduled compaction on %s', (kind) => {
  const t = useBackend(kind);

  it('runs on its own and removes superseded rows; 0 turns it off', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(record)]) });
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert({ ...record, answeredAt: record.startedAt + 1000 })]) });
    expect(await t.count('change_log')).toBe(2);

    const off: Array<CompactionResult | Error> = [];
    scheduleCompaction(t.db.orm, 0, (o) => off.push(o))();
    const outcomes: Array<CompactionResult | Error> = [];
    const stop = scheduleCompaction(t.db.orm, 50, (o) => outcomes.push(o));
    try {
      await expect.poll(() => outcomes.length, { timeout: 5000 }).toBeGreaterThan(0);
    } finally {
      stop();
    }
    expect(outcomes[0]).toMatchObject({ superseded: 1 });
    expect(await t.count('change_log')).toBe(1);
    expect(off).toEqual([]);
  });
});
