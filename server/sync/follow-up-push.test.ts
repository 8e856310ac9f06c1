import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { FollowUpCreate, FollowUpUpdate } from '../../shared/schemas/follow-up';
import type { Mutation } from '../../shared/sync/mutations';
import { PullResponseSchema } from '../../shared/sync/protocol';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { batch } from '../../test/rig/mutation-builders';

const PUSH = '/api/v1/sync/push';
const PULL = '/api/v1/sync/pull?cursor=0';
const DUE = 1_767_229_200_000;

const create = (assigneeId: string, overrides: Partial<FollowUpCreate> = {}): Mutation & { name: 'followUp.create' } => ({
  mutationId: randomUUID(),
  name: 'followUp.create',
  args: { id: randomUUID(), caseId: null, callRecordId: null, callerNumber: '+8613800138000', dueAt: DUE, note: '回访：确认已联系银行', assigneeId, createdAt: 1_767_225_600_000, ...overrides },
});
const update = (args: FollowUpUpdate): Mutation => ({ mutationId: randomUUID(), name: 'followUp.update', args });
const complete = (id: string, state: 'done' | 'cancelled' = 'done'): Mutation => ({ mutationId: randomUUID(), name: 'followUp.complete', args: { id, state, at: DUE + 60_000 } });
const remove = (id: string, mutationId: string = randomUUID()): Mutation => ({ mutationId, name: 'followUp.delete', args: { id } });

describe.each(BACKENDS)('follow-up mutations on %s', (kind) => {
  const t = useBackend(kind);

  it('creates, patches per field in server order, completes, and serves it on pull', async () => {
    const token = await t.login('agentA1');
    const made = create(t.fixture.users.agentA1);
    const id = made.args.id;
    const first = await t.call('POST', PUSH, { token, body: batch([made, update({ id, note: '先回访' }), update({ id, dueAt: DUE + 3_600_000 })]) });
    expect(first.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'applied']);
    // A colleague patches the note later: theirs wins, the due time patched earlier survives.
    const colleague = await t.call('POST', PUSH, { token: await t.login('agentA2'), body: batch([update({ id, note: '已回访，家属陪同' })]) });
    expect(colleague.body.results[0].status).toBe('applied');
    const [row] = await t.rows(sql`SELECT note, due_at, state, assignee_id, org_unit_id, updated_seq::int AS updated_seq FROM follow_ups`);
    expect(row).toMatchObject({ note: '已回访，家属陪同', state: 'open', assignee_id: t.fixture.users.agentA1, org_unit_id: t.fixture.orgA, updated_seq: 4 });
    expect(Number(row.due_at)).toBe(DUE + 3_600_000);

    const done = await t.call('POST', PUSH, { token, body: batch([complete(id), complete(id), complete(id, 'cancelled'), update({ id, note: 'late' })]) });
    expect(done.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected']);
    expect(done.body.results[1].seq).toBe(done.body.results[0].seq);
    expect(done.body.results[2]).toMatchObject({ reason: 'conflict', current: { id, state: 'done', doneAt: DUE + 60_000 } });
    expect(done.body.results[3]).toMatchObject({ reason: 'conflict', current: { state: 'done' } });

    const page = PullResponseSchema.parse((await t.call('GET', PULL, { token })).body);
    const last = page.changes.filter((c) => c.entity === 'followUp').at(-1);
    expect(last).toMatchObject({ id, data: { id, state: 'done', note: '已回访，家属陪同', dueAt: DUE + 3_600_000, doneAt: DUE + 60_000, orgUnitId: t.fixture.orgA } });
    const other = PullResponseSchema.parse((await t.call('GET', PULL, { token: await t.login('agentB1') })).body);
    expect(other.changes).toEqual([]);
  });

  it('guards the assignee: a stale expectation is a conflict with the current value; assignees stay in the unit', async () => {
    const token = await t.login('agentA1');
    const { agentA1, agentA2, agentB1, superA } = t.fixture.users;
    const made = create(agentA1);
    const id = made.args.id;
    const res = await t.call('POST', PUSH, {
      token,
      body: batch([made, update({ id, assigneeId: agentA2, expectedAssigneeId: agentA1 }), update({ id, assigneeId: superA, expectedAssigneeId: agentA1 }), update({ id, assigneeId: agentB1, expectedAssigneeId: agentA2 })]),
    });
    expect(res.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected']);
    expect(res.body.results[2]).toMatchObject({ reason: 'conflict', current: { assigneeId: agentA2 } });
    expect(res.body.results[3]).toMatchObject({ reason: 'invalid', message: 'assigneeId: other-org-unit', current: { errors: { assigneeId: 'other-org-unit' } } });
    const unknown = await t.call('POST', PUSH, { token, body: batch([create(randomUUID())]) });
    expect(unknown.body.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid', current: { errors: { assigneeId: 'unknown-user' } } });
    const [row] = await t.rows(sql`SELECT assignee_id FROM follow_ups`);
    expect(row.assignee_id).toBe(agentA2);
    expect(await t.count('follow_ups')).toBe(1);
  });

  it('deletes with a tombstone every replica pulls; a replayed delete returns its stored result, a late write is absorbed', async () => {
    const token = await t.login('agentA1');
    const made = create(t.fixture.users.agentA1);
    const id = made.args.id;
    await t.call('POST', PUSH, { token, body: batch([made]) });
    const del = remove(id);
    const first = await t.call('POST', PUSH, { token, body: batch([del]) });
    expect(first.body.results[0]).toMatchObject({ status: 'applied', seq: 2 });
    expect(await t.count('follow_ups')).toBe(0);

    // The same mutation id again (a lost acknowledgement): the stored result, nothing new written.
    const replay = await t.call('POST', PUSH, { token, body: batch([del]) });
    expect(replay.body.results[0]).toEqual(first.body.results[0]);
    // A colleague's delete and edit that raced it: applied as no-ops at the tombstone, not refused.
    const late = await t.call('POST', PUSH, { token: await t.login('agentA2'), body: batch([remove(id), update({ id, note: 'x' }), complete(id), create(t.fixture.users.agentA2, { id })]) });
    expect(late.body.results.map((r: any) => [r.status, r.seq])).toEqual([
      ['applied', 2],
      ['applied', 2],
      ['applied', 2],
      ['applied', 2],
    ]);
    const tombstones = await t.rows(sql`SELECT seq::int AS seq, entity_id, data FROM change_log WHERE entity = 'followUp' ORDER BY seq`);
    expect(tombstones).toEqual([
      { seq: 1, entity_id: id, data: expect.objectContaining({ id, state: 'open' }) },
      { seq: 2, entity_id: id, data: null },
    ]);
    expect(await t.count('follow_ups')).toBe(0);
    const page = PullResponseSchema.parse((await t.call('GET', PULL, { token: await t.login('superA') })).body);
    expect(page.changes.at(-1)).toEqual({ seq: 2, entity: 'followUp', id, data: null });
  });

  it('answers a delete of an unknown id not-found, writing nothing; create-then-delete in one batch leaves only the tombstone', async () => {
    const token = await t.login('agentA1');
    const unknown = await t.call('POST', PUSH, { token, body: batch([remove(randomUUID())]) });
    expect(unknown.status).toBe(200);
    expect(unknown.body.results[0]).toMatchObject({ status: 'rejected', reason: 'not-found' });
    expect(await t.count('change_log')).toBe(0);

    const made = create(t.fixture.users.agentA1);
    const res = await t.call('POST', PUSH, { token, body: batch([made, update({ id: made.args.id, note: 'changed' }), remove(made.args.id)]) });
    expect(res.body.results.map((r: any) => r.seq)).toEqual([1, 2, 3]);
    expect(await t.count('follow_ups')).toBe(0);
    const log = await t.rows(sql`SELECT seq::int AS seq, data IS NULL AS tombstone FROM change_log ORDER BY seq`);
    expect(log).toEqual([
      { seq: 1, tombstone: false },
      { seq: 2, tombstone: false },
      { seq: 3, tombstone: true },
    ]);
  });

  it('scopes writes to the org unit, and a supervisor to their subtree', async () => {
    const { agentA1, agentB1 } = t.fixture.users;
    const inA = create(agentA1);
    const inB = create(agentB1);
    await t.call('POST', PUSH, { token: await t.login('agentA1'), body: batch([inA]) });
    await t.call('POST', PUSH, { token: await t.login('agentB1'), body: batch([inB]) });
    const tokenB = await t.login('agentB1');
    const fromB = await t.call('POST', PUSH, { token: tokenB, body: batch([update({ id: inA.args.id, note: 'x' }), complete(inA.args.id), remove(inA.args.id), create(agentB1, { id: inA.args.id })]) });
    expect(fromB.body.results.map((r: any) => r.reason)).toEqual(['forbidden', 'forbidden', 'forbidden', 'forbidden']);

    // Not yet under A: the supervisor of A cannot touch B's follow-up.
    const superToken = await t.login('superA');
    const before = await t.call('POST', PUSH, { token: superToken, body: batch([complete(inB.args.id)]) });
    expect(before.body.results[0]).toMatchObject({ reason: 'forbidden' });
    await t.db.orm.execute(sql`UPDATE org_units SET parent_id = ${t.fixture.orgA} WHERE id = ${t.fixture.orgB}`);
    const after = await t.call('POST', PUSH, { token: superToken, body: batch([complete(inB.args.id, 'cancelled'), remove(inB.args.id)]) });
    expect(after.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied']);
    // The tombstone is published in B's unit, so B's workstations drop it.
    const pageB = PullResponseSchema.parse((await t.call('GET', PULL, { token: tokenB })).body);
    expect(pageB.changes.at(-1)).toMatchObject({ entity: 'followUp', id: inB.args.id, data: null });
    const rows = await t.rows(sql`SELECT id, state FROM follow_ups`);
    expect(rows).toEqual([{ id: inA.args.id, state: 'open' }]);
  });

  it('refuses malformed follow-ups at the schema with the field path, writing nothing of them', async () => {
    const token = await t.login('agentA1');
    const good = create(t.fixture.users.agentA1);
    const cases: Array<[Mutation, string, string]> = [
      [create(t.fixture.users.agentA1, { dueAt: -5 }), 'args.dueAt', 'too_small'],
      [create(t.fixture.users.agentA1, { callerNumber: '138-0013' }), 'args.callerNumber', 'phone-number'],
      [create(t.fixture.users.agentA1, { callerNumber: null, note: '  ' }), 'args.note', 'number-or-note'],
      [create(t.fixture.users.agentA1, { note: 'call back\u0000' }), 'args.note', 'text-nul'],
      [update({ id: good.args.id, assigneeId: t.fixture.users.agentA2 }), 'args.expectedAssigneeId', 'required'],
      [{ mutationId: randomUUID(), name: 'followUp.complete', args: { id: good.args.id, state: 'open', at: 1 } } as never, 'args.state', ''],
    ];
    for (const [bad, path, code] of cases) {
      const res = await t.call('POST', PUSH, { token, body: batch([bad]) });
      expect(res.status).toBe(200);
      expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
      expect(Object.keys(res.body.results[0].fields)).toEqual([path]);
      if (code) expect(res.body.results[0].fields[path]).toMatch(new RegExp(`^${code}`));
    }
    expect(await t.count('follow_ups')).toBe(0);
    expect(await t.count('applied_mutations')).toBe(0);
  });
});
