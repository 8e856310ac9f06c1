import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { WarningInstructionInput } from '../../shared/schemas/warning';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';

/** Record keeping around an instruction: the fraud-report link, attempts tied to call records, and the audit of every contact and attempt. */
const INGEST = '/api/v1/ingest/warning-instructions';
const LIST = '/api/v1/warning-instructions';
const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);

let serial = 0;
const instruction = (overrides: Partial<WarningInstructionInput> = {}): WarningInstructionInput => ({
  sourceId: `REC-${Date.now()}-${(serial += 1)}`,
  grade: 'high',
  personName: '赵六',
  phones: ['13800138000'],
  fraudType: 'fake-investment',
  issuedAt: T0,
  summary: '',
  orgUnitCode: 'city-a',
  ...overrides,
});

describe.each(BACKENDS)('warning record keeping on %s', (kind) => {
  const t = useBackend(kind);
  const move = (token: string, id: string, body: object) => t.call('POST', `${LIST}/${id}/transition`, { token, body });
  /** An instruction signed for and being called by agentA1. */
  const calling = async (): Promise<{ id: string; a1: string }> => {
    const ingested = await t.call('POST', INGEST, { token: await t.login('adminA'), body: { instructions: [instruction()] } });
    const id = ingested.body.rows[0].id as string;
    const a1 = await t.login('agentA1');
    await move(a1, id, { action: 'sign', expectedState: 'issued' });
    expect((await move(a1, id, { action: 'call', expectedState: 'signed-for' })).body.state).toBe('calling');
    return { id, a1 };
  };

  it('stores the fraud-report case of a defrauded outcome, shows it in the list and the pull, and audits it', async () => {
    const { id, a1 } = await calling();
    const caseId = crypto.randomUUID();
    const answer = await move(a1, id, { action: 'outcome', expectedState: 'calling', outcome: 'defrauded', fraudReportCaseId: caseId });
    expect(answer).toMatchObject({ status: 200, body: { state: 'defrauded', fraudReportCaseId: caseId } });
    const [stored] = await t.rows(sql`SELECT fraud_report_case_id FROM warning_instructions WHERE id = ${id}`);
    expect(stored.fraud_report_case_id).toBe(caseId);
    expect((await t.call('GET', LIST, { token: a1 })).body.items[0].fraudReportCaseId).toBe(caseId);
    const pull = await t.call('GET', '/api/v1/sync/pull?cursor=0', { token: a1 });
    expect(pull.body.changes.at(-1)).toMatchObject({ entity: 'warningInstruction', id, data: { state: 'defrauded', fraudReportCaseId: caseId } });
    const [audit] = await t.rows(sql`SELECT detail FROM audit_events WHERE action = 'warning.transition' AND detail->>'action' = 'outcome'`);
    expect(audit.detail).toMatchObject({ to: 'defrauded', fraudReportCaseId: caseId });
  });

  it('refuses a malformed case id, or a case id with another outcome, with a field error and writes nothing', async () => {
    const { id, a1 } = await calling();
    const before = { log: await t.count('change_log'), audit: await t.count('audit_events') };
    expect(await move(a1, id, { action: 'outcome', expectedState: 'calling', outcome: 'defrauded', fraudReportCaseId: 'not-a-uuid' })).toMatchObject({
      status: 400,
      body: { fields: { fraudReportCaseId: expect.any(String) } },
    });
    expect(await move(a1, id, { action: 'outcome', expectedState: 'calling', outcome: 'dissuaded', fraudReportCaseId: crypto.randomUUID() })).toMatchObject({
      status: 400,
      body: { fields: { fraudReportCaseId: 'only-when-defrauded' } },
    });
    const [row] = await t.rows(sql`SELECT state, fraud_report_case_id FROM warning_instructions WHERE id = ${id}`);
    expect(row).toEqual({ state: 'calling', fraud_report_case_id: null });
    expect({ log: await t.count('change_log'), audit: await t.count('audit_events') }).toEqual(before);
    // Without a case (recorded elsewhere, or an older workstation) the outcome is still accepted.
    expect((await move(a1, id, { action: 'outcome', expectedState: 'calling', outcome: 'defrauded' })).body).toMatchObject({ state: 'defrauded', fraudReportCaseId: null });
  });

  it('keeps the call record of an attempt, and audits every attempt and contact write (refused ones leave no trace)', async () => {
    const { id, a1 } = await calling();
    const callRecordId = crypto.randomUUID();
    const dialled = await t.call('POST', `${LIST}/${id}/attempts`, { token: a1, body: { at: T0 + 1, channel: 'call', number: '13800138000', result: 'no-answer', callRecordId } });
    expect(dialled.body.attempts).toEqual([expect.objectContaining({ result: 'no-answer', callRecordId })]);
    const failed = await t.call('POST', `${LIST}/${id}/attempts`, { token: a1, body: { at: T0 + 2, channel: 'call', number: '13800138000', result: 'invalid-number' } });
    expect(failed.body.attempts.map((a: { callRecordId: string | null }) => a.callRecordId)).toEqual([callRecordId, null]);
    expect((await t.call('POST', `${LIST}/${id}/attempts`, { token: a1, body: { at: T0, channel: 'call', number: '13800138000', result: 'busy', callRecordId: 'x' } })).body.fields).toHaveProperty('callRecordId');
    const contact = await t.call('POST', `${LIST}/${id}/contacts`, { token: a1, body: { at: T0 + 3, relation: '配偶', name: '钱七', number: '13900139000', result: 'will-persuade' } });
    expect(contact.status).toBe(200);

    const attempts = await t.rows(sql`SELECT actor_id, target, detail FROM audit_events WHERE action = 'warning.attempt' ORDER BY id`);
    expect(attempts).toEqual([
      { actor_id: t.fixture.users.agentA1, target: `warning:${id}`, detail: expect.objectContaining({ attemptId: dialled.body.attempts[0].id, result: 'no-answer', channel: 'call', callRecordId }) },
      { actor_id: t.fixture.users.agentA1, target: `warning:${id}`, detail: expect.objectContaining({ attemptId: failed.body.attempts[1].id, result: 'invalid-number', callRecordId: null }) },
    ]);
    const contacts = await t.rows(sql`SELECT actor_id, target, detail FROM audit_events WHERE action = 'warning.contact'`);
    expect(contacts).toEqual([{ actor_id: t.fixture.users.agentA1, target: `warning:${id}`, detail: expect.objectContaining({ contactId: contact.body.contacts[0].id, relation: '配偶', result: 'will-persuade' }) }]);

    // Once an outcome is recorded, attempts and contacts are refused, and not audited.
    await move(a1, id, { action: 'outcome', expectedState: 'calling', outcome: 'dissuaded' });
    expect((await t.call('POST', `${LIST}/${id}/attempts`, { token: a1, body: { at: T0 + 4, channel: 'call', number: '13800138000', result: 'busy' } })).status).toBe(409);
    expect((await t.call('POST', `${LIST}/${id}/contacts`, { token: a1, body: { at: T0 + 5, relation: '父亲', name: '赵五', number: '13900139001', result: 'busy' } })).status).toBe(409);
    expect(await t.count('warning_attempts')).toBe(2);
    const [{ n }] = await t.rows(sql`SELECT count(*)::int AS n FROM audit_events WHERE action IN ('warning.attempt', 'warning.contact')`);
    expect(n).toBe(3);
  });
});
