import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { warningInstructions } from '../db/schema';
import type { FraudType } from '../../shared/schemas/template';
import { DEFAULT_AUTO_CALL_POLICY, type AutoCallOutcome, type AutoCallPolicy } from './auto-call-policy';
import { claimAutoCalls, enqueueAutoCalls, runAutoCallPass, settleAutoCall } from './auto-call-dispatcher';
import { fakeCallEngine } from './call-engine';
import { startAutoCallService } from './auto-call-service';

/** 10:00 in Chongqing on 2026-12-04 (inside calling hours). */
const TEN = Date.UTC(2026, 11, 4, 2, 0);
const audioFor = async (type: FraudType) => `/tmp/${type}.wav`;

describe.each(BACKENDS)('automatic warning calls on %s', (kind) => {
  const t = useBackend(kind);
  const add = async (rows: Array<{ grade: 'low' | 'high'; phone: string; fraudType?: FraudType }>) =>
    (
      await t.db.orm
        .insert(warningInstructions)
        .values(rows.map((r, i) => ({ sourceId: `src-${r.phone}-${i}`, grade: r.grade, personName: `人${i}`, phones: [r.phone], fraudType: r.fraudType ?? 'fake-loan', issuedAt: TEN, orgUnitId: t.fixture.orgA, stateAt: TEN, updatedSeq: 1 })))
        .returning({ id: warningInstructions.id })
    ).map((r) => r.id);
  const jobs = () => t.rows(sql`SELECT i.phones->>0 AS phone, j.status, j.attempts, j.last_outcome, j.escalation, j.priority FROM auto_call_jobs j JOIN warning_instructions i ON i.id = j.instruction_id ORDER BY phone`);
  const attempts = () => t.rows(sql`SELECT number, outcome, result FROM auto_call_attempts ORDER BY number, at`);

  it('calls only low grades, and records 1 as acknowledged, 2 as a priority callback, with agents’ result codes', async () => {
    await add([
      { grade: 'low', phone: '13800000001' },
      { grade: 'low', phone: '13800000002' },
      { grade: 'high', phone: '13800000003' },
    ]);
    const engine = fakeCallEngine({ '13800000002': ['pressed-2'] });
    const results = await runAutoCallPass(t.db.orm, { policy: DEFAULT_AUTO_CALL_POLICY, engine, audioFor, now: () => TEN });
    expect(results.sort()).toEqual(['acknowledged', 'escalated']);
    expect(engine.calls.map((c) => [c.to, c.presentedNumber, c.audioFile]).sort()).toEqual([
      ['13800000001', '96110', '/tmp/fake-loan.wav'],
      ['13800000002', '96110', '/tmp/fake-loan.wav'],
    ]);
    expect(await jobs()).toEqual([
      { phone: '13800000001', status: 'acknowledged', attempts: 1, last_outcome: 'pressed-1', escalation: null, priority: false },
      { phone: '13800000002', status: 'escalated', attempts: 1, last_outcome: 'pressed-2', escalation: 'callback-requested', priority: true },
    ]);
    expect(await attempts()).toEqual([
      { number: '13800000001', outcome: 'pressed-1', result: 'answered' },
      { number: '13800000002', outcome: 'pressed-2', result: 'answered' },
    ]);
    // Key 1 gives the instruction the agents' "dissuaded" outcome, published and audited; key 2 leaves it open for an agent.
    expect(await t.rows(sql`SELECT phones->>0 AS phone, state FROM warning_instructions WHERE grade = 'low' ORDER BY phone`)).toEqual([
      { phone: '13800000001', state: 'dissuaded' },
      { phone: '13800000002', state: 'issued' },
    ]);
    expect(await t.rows(sql`SELECT detail->>'to' AS "to" FROM audit_events WHERE action = 'warning.auto-call'`)).toEqual([{ to: 'dissuaded' }]);
    // Both are published to the desks' sync with the automatic call's progress.
    expect(
      await t.rows(sql`SELECT data->'phones'->>0 AS phone, data->>'state' AS state, data->'autoCall'->>'status' AS status, jsonb_array_length(data->'autoCall'->'attempts') AS n FROM change_log WHERE entity = 'warningInstruction' ORDER BY phone`),
    ).toEqual([
      { phone: '13800000001', state: 'dissuaded', status: 'acknowledged', n: 1 },
      { phone: '13800000002', state: 'issued', status: 'escalated', n: 1 },
    ]);
  });

  it('retries busy with spacing, then falls back to SMS after the last try', async () => {
    await add([{ grade: 'low', phone: '13800000004' }]);
    const policy: AutoCallPolicy = { ...DEFAULT_AUTO_CALL_POLICY, maxAttempts: 2, spacingMs: 60_000 };
    const engine = fakeCallEngine({ '13800000004': ['busy', 'no-answer'] });
    let now = TEN;
    const pass = () => runAutoCallPass(t.db.orm, { policy, engine, audioFor, now: () => now });
    expect(await pass()).toEqual(['retry']);
    // Not due yet: no call.
    now += 59_000;
    expect(await pass()).toEqual([]);
    now += 1_000;
    expect(await pass()).toEqual(['sms-fallback']);
    expect(await attempts()).toEqual([
      { number: '13800000004', outcome: 'busy', result: 'busy' },
      { number: '13800000004', outcome: 'no-answer', result: 'no-answer' },
    ]);
    expect((await jobs())[0]).toMatchObject({ status: 'sms-fallback', attempts: 2, escalation: 'calls-exhausted:no-answer' });
    const sms = await t.rows(sql`SELECT to_number, template_key, automatic FROM sms_outbox`);
    expect(sms).toEqual([{ to_number: '13800000004', template_key: 'sms.missed-warning-call', automatic: true }]);
    now += 3_600_000;
    expect(await pass()).toEqual([]);
    expect(engine.calls).toHaveLength(2);
  });

  it('makes no call outside 08:30-22:00 Chongqing time', async () => {
    await add([{ grade: 'low', phone: '13800000005' }]);
    const engine = fakeCallEngine();
    const night = Date.UTC(2026, 11, 4, 15, 0); // 23:00 in Chongqing
    expect(await runAutoCallPass(t.db.orm, { policy: DEFAULT_AUTO_CALL_POLICY, engine, audioFor, now: () => night })).toEqual([]);
    expect(engine.calls).toHaveLength(0);
  });

  it('stops when an agent takes the instruction over', async () => {
    const [id] = await add([{ grade: 'low', phone: '13800000006' }]);
    await enqueueAutoCalls(t.db.orm, DEFAULT_AUTO_CALL_POLICY, TEN);
    await t.db.orm.execute(sql`UPDATE warning_instructions SET assignee_id = ${t.fixture.users.agentA1} WHERE id = ${id}`);
    const engine = fakeCallEngine();
    expect(await runAutoCallPass(t.db.orm, { policy: DEFAULT_AUTO_CALL_POLICY, engine, audioFor, now: () => TEN })).toEqual([]);
    expect(engine.calls).toHaveLength(0);
    expect((await jobs())[0]).toMatchObject({ status: 'taken-over', attempts: 0 });
  });

  it('two racing callers never call one person twice and keep to the concurrency limit', async () => {
    const phones = Array.from({ length: 12 }, (_, i) => `1390000${String(i).padStart(4, '0')}`);
    await add(phones.map((phone) => ({ grade: 'low' as const, phone })));
    const policy: AutoCallPolicy = { ...DEFAULT_AUTO_CALL_POLICY, maxConcurrent: 3 };
    // One shared engine sees every call of both instances, so `peak` is the global concurrency.
    const engine = fakeCallEngine({}, 20);
    const instance = async (token: string) => {
      for (let pass = 0; pass < 20; pass += 1) await runAutoCallPass(t.db.orm, { policy, engine, audioFor, token, now: () => TEN });
    };
    await Promise.all([instance('caller-a'), instance('caller-b')]);
    expect(engine.calls.map((c) => c.to).sort()).toEqual(phones);
    expect(engine.peak).toBeLessThanOrEqual(3);
    const callers = await t.rows<{ caller: string }>(sql`SELECT DISTINCT caller FROM auto_call_attempts`);
    expect(await t.count('auto_call_attempts')).toBe(12);
    // Which instance wins each claim is timing, not a rule (one may take all 12): only who may call is.
    for (const { caller } of callers) expect(['caller-a', 'caller-b']).toContain(caller);
  });

  it('the background service calls what is queued, several passes in a row, and stops', async () => {
    const phones = Array.from({ length: 5 }, (_, i) => `1370000000${i}`);
    await add(phones.map((phone) => ({ grade: 'low' as const, phone })));
    const engine = fakeCallEngine();
    const service = startAutoCallService(t.db.orm, { policy: { ...DEFAULT_AUTO_CALL_POLICY, maxConcurrent: 2 }, engine, audioFor, now: () => TEN, intervalMs: 60_000 });
    for (let i = 0; i < 100 && engine.calls.length < 5; i += 1) await new Promise((r) => setTimeout(r, 20));
    await service.stop();
    expect(engine.calls.map((c) => c.to).sort()).toEqual(phones);
    expect((await jobs()).every((j) => j.status === 'acknowledged')).toBe(true);
  });

  it('a late holder whose lease passed on writes nothing', async () => {
    await add([{ grade: 'low', phone: '13800000007' }]);
    await enqueueAutoCalls(t.db.orm, DEFAULT_AUTO_CALL_POLICY, TEN);
    const [first] = await claimAutoCalls(t.db.orm, DEFAULT_AUTO_CALL_POLICY, 'slow', 1_000, TEN, 1);
    const [second] = await claimAutoCalls(t.db.orm, DEFAULT_AUTO_CALL_POLICY, 'fast', 1_000, TEN + 2_000, 1);
    expect(first && second).toBeTruthy();
    const late: AutoCallOutcome = 'pressed-1';
    expect(await settleAutoCall(t.db.orm, DEFAULT_AUTO_CALL_POLICY, first!, 'slow', late, TEN + 3_000)).toBe('lost');
    expect(await settleAutoCall(t.db.orm, DEFAULT_AUTO_CALL_POLICY, second!, 'fast', 'busy', TEN + 3_000)).toBe('retry');
    expect(await attempts()).toEqual([{ number: '13800000007', outcome: 'busy', result: 'busy' }]);
  });
});
