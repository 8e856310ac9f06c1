import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { warningAttempts, warningInstructions } from '../db/schema';
import { DEFAULT_AUTO_CALL_POLICY } from './auto-call-policy';
import { runAutoCallPass } from './auto-call-dispatcher';
import { fakeCallEngine } from './call-engine';
import { warningCallsByHour } from './warning-calls-by-hour';

/** 10:15 and 11:40 in Chongqing on 2026-12-04. */
const TEN = Date.UTC(2026, 11, 4, 2, 15);
const ELEVEN = Date.UTC(2026, 11, 4, 3, 40);
const DAY = { from: Date.UTC(2026, 11, 3, 16), to: Date.UTC(2026, 11, 4, 16) };

describe.each(BACKENDS)('warning calls per hour on %s', (kind) => {
  const t = useBackend(kind);

  it('counts automatic calls by outcome beside the agents’ call attempts, per Shanghai hour, for the unit only', async () => {
    const rows = await t.db.orm
      .insert(warningInstructions)
      .values(['13800000401', '13800000402', '13800000403'].map((phone, i) => ({ sourceId: `hour-${i}`, grade: 'low', personName: `人${i}`, phones: [phone], fraudType: 'fake-loan', issuedAt: TEN, orgUnitId: t.fixture.orgA, stateAt: TEN, updatedSeq: 1 })))
      .returning({ id: warningInstructions.id });
    const engine = fakeCallEngine({ '13800000402': ['pressed-2'], '13800000403': ['busy'] });
    await runAutoCallPass(t.db.orm, { policy: DEFAULT_AUTO_CALL_POLICY, engine, audioFor: async () => '/tmp/x.wav', now: () => TEN });
    await t.db.orm.insert(warningAttempts).values([
      { instructionId: rows[2]!.id, at: ELEVEN, agentId: t.fixture.users.agentA1, channel: 'call', number: '13800000403', result: 'answered' },
      { instructionId: rows[2]!.id, at: ELEVEN + 60_000, agentId: t.fixture.users.agentA1, channel: 'call', number: '13800000403', result: 'busy' },
      { instructionId: rows[2]!.id, at: ELEVEN, agentId: t.fixture.users.agentA1, channel: 'sms', number: '13800000403', result: 'answered' },
    ]);
    expect(await warningCallsByHour(t.db.orm, [t.fixture.orgA], DAY.from, DAY.to)).toEqual([
      { hour: 10, auto: { calls: 3, acknowledged: 1, callback: 1, answeredNoKey: 0, notReached: 1 }, agents: { calls: 0, answered: 0 } },
      { hour: 11, auto: { calls: 0, acknowledged: 0, callback: 0, answeredNoKey: 0, notReached: 0 }, agents: { calls: 2, answered: 1 } },
    ]);
    expect(await warningCallsByHour(t.db.orm, [t.fixture.orgB], DAY.from, DAY.to)).toEqual([]);
  });
});
