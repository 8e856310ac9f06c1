import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { warningInstructions } from '../db/schema';
import type { FraudType } from '../../shared/schemas/template';
import type { WarningInstruction } from '../../shared/schemas/warning';
import { DEFAULT_AUTO_CALL_POLICY, type AutoCallPolicy } from './auto-call-policy';
import { enqueueAutoCalls, runAutoCallPass } from './auto-call-dispatcher';
import { fakeCallEngine } from './call-engine';

/** Any hour: the take-over runs on the server's real clock, so the passes do too. */
const POLICY: AutoCallPolicy = { ...DEFAULT_AUTO_CALL_POLICY, windowStartMin: 0, windowEndMin: 24 * 60 };
const audioFor = async (type: FraudType) => `/tmp/${type}.wav`;
const TAKE_OVER = (id: string) => `/api/v1/warning-instructions/${id}/take-over`;

describe.each(BACKENDS)('an agent takes over from the automatic caller on %s', (kind) => {
  const t = useBackend(kind);
  const add = async (rows: Array<{ phone: string; grade?: 'low' | 'high'; issuedAt?: number }>) =>
    (
      await t.db.orm
        .insert(warningInstructions)
        .values(rows.map((r, i) => ({ sourceId: `take-${r.phone}-${i}`, grade: r.grade ?? 'low', personName: `人${i}`, phones: [r.phone], fraudType: 'fake-loan', issuedAt: r.issuedAt ?? Date.now(), orgUnitId: t.fixture.orgA, stateAt: Date.now(), updatedSeq: 1 })))
        .returning({ id: warningInstructions.id })
    ).map((r) => r.id);
  const job = async (id: string) => (await t.rows<{ status: string; claimed_by: string | null; attempts: number }>(sql`SELECT status, claimed_by, attempts FROM auto_call_jobs WHERE instruction_id = ${id}`))[0];
  const attempts = (id: string) => t.rows<{ outcome: string }>(sql`SELECT outcome FROM auto_call_attempts WHERE instruction_id = ${id}`);

  it('stops queued work: the instruction is the agent’s, never called, and a second agent is refused', async () => {
    const [id] = (await add([{ phone: '13800000101' }])) as [string];
    await enqueueAutoCalls(t.db.orm, POLICY, Date.now());
    const a1 = await t.login('agentA1');
    const taken = await t.call<WarningInstruction>('POST', TAKE_OVER(id), { token: a1, body: {} });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ assigneeId: t.fixture.users.agentA1, autoCall: { status: 'taken-over', attempts: [] } });
    const engine = fakeCallEngine();
    expect(await runAutoCallPass(t.db.orm, { policy: POLICY, engine, audioFor })).toEqual([]);
    expect(engine.calls).toHaveLength(0);
    // Taking it again is harmless; someone else is told who holds it.
    expect((await t.call('POST', TAKE_OVER(id), { token: a1, body: {} })).status).toBe(200);
    const other = await t.call<{ error: string; current: string }>('POST', TAKE_OVER(id), { token: await t.login('agentA2'), body: {} });
    expect([other.status, other.body.error]).toEqual([409, 'conflict']);
  });

  it('risk rising (regraded out of the automatic grades) stops the calls and puts it first in the agents’ queue', async () => {
    const [id] = (await add([{ phone: '13800000103' }])) as [string];
    await enqueueAutoCalls(t.db.orm, POLICY, Date.now());
    await t.db.orm.execute(sql`UPDATE warning_instructions SET grade = 'high' WHERE id = ${id}`);
    await enqueueAutoCalls(t.db.orm, POLICY, Date.now());
    expect((await t.rows(sql`SELECT status, escalation, priority FROM auto_call_jobs WHERE instruction_id = ${id}`))[0]).toEqual({
      status: 'escalated',
      escalation: 'grade-raised:high',
      priority: true,
    });
    const engine = fakeCallEngine();
    expect(await runAutoCallPass(t.db.orm, { policy: POLICY, engine, audioFor })).toEqual([]);
    expect(engine.calls).toHaveLength(0);
  });

  it('during a call: the call is hung up at once, its attempt recorded, and nothing follows from it', async () => {
    const [id] = (await add([{ phone: '13800000102' }])) as [string];
    // A call that would take a minute unless hung up.
    const engine = fakeCallEngine({}, 60_000);
    const pass = runAutoCallPass(t.db.orm, { policy: POLICY, engine, audioFor, watchMs: 20 });
    for (let i = 0; i < 200 && engine.active === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(engine.active).toBe(1);
    const started = Date.now();
    expect((await t.call('POST', TAKE_OVER(id), { token: await t.login('agentA1'), body: {} })).status).toBe(200);
    expect(await pass).toEqual(['taken-over']);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await attempts(id)).toEqual([{ outcome: 'answered-no-key' }]);
    expect(await job(id)).toMatchObject({ status: 'taken-over', claimed_by: null, attempts: 1 });
    // Not acknowledged, not escalated, not called again.
    expect((await t.rows(sql`SELECT state FROM warning_instructions WHERE id = ${id}`))[0]).toEqual({ state: 'issued' });
    expect(await runAutoCallPass(t.db.orm, { policy: POLICY, engine: fakeCallEngine(), audioFor })).toEqual([]);
    expect(engine.calls).toHaveLength(1);
  });

  it('racing a claim: each person is called at most once, the call on record, and nothing after', async () => {
    const phones = Array.from({ length: 6 }, (_, i) => `1380000020${i}`);
    const ids = await add(phones.map((phone) => ({ phone })));
    await enqueueAutoCalls(t.db.orm, POLICY, Date.now());
    const a1 = await t.login('agentA1');
    const engine = fakeCallEngine({}, 30);
    await Promise.all([
      runAutoCallPass(t.db.orm, { policy: { ...POLICY, maxConcurrent: 6 }, engine, audioFor, watchMs: 10 }),
      ...ids.map(async (id) => {
        expect((await t.call('POST', TAKE_OVER(id), { token: a1, body: {} })).status).toBe(200);
      }),
    ]);
    // Later passes find nothing to do.
    for (let i = 0; i < 3; i += 1) expect(await runAutoCallPass(t.db.orm, { policy: POLICY, engine, audioFor })).toEqual([]);
    expect(new Set(engine.calls.map((c) => c.to)).size).toBe(engine.calls.length);
    for (const id of ids) {
      expect(await job(id)).toMatchObject({ status: 'taken-over', claimed_by: null });
      // A call that was made is on record (at most one), whoever won the race.
      expect((await attempts(id)).length).toBeLessThanOrEqual(1);
    }
    expect(await t.count('auto_call_attempts')).toBe(engine.calls.length);
  });

  it('a person who pressed 2 is listed before older instructions of the grade, after more urgent grades', async () => {
    const hour = 3_600_000;
    const now = Date.now();
    const [older, pressed2, high] = (await add([
      { phone: '13800000301', issuedAt: now - 2 * hour },
      { phone: '13800000302', issuedAt: now - hour },
      { phone: '13800000303', grade: 'high', issuedAt: now },
    ])) as [string, string, string];
    const engine = fakeCallEngine({ '13800000301': ['busy'], '13800000302': ['pressed-2'] });
    expect((await runAutoCallPass(t.db.orm, { policy: POLICY, engine, audioFor })).sort()).toEqual(['escalated', 'retry']);
    const list = await t.call<{ items: Array<{ id: string }> }>('GET', '/api/v1/warning-instructions', { token: await t.login('agentA1') });
    const order = list.body.items.map((i) => i.id).filter((id) => [older, pressed2, high].includes(id));
    expect(order).toEqual([high, pressed2, older]);
  });
});
