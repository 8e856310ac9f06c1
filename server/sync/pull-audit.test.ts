import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CaseOpen } from '../../shared/schemas/case';
import type { Mutation } from '../../shared/sync/mutations';
import { PullResponseSchema } from '../../shared/sync/protocol';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { batch, callRecord, upsert } from '../../test/rig/mutation-builders';

const PUSH = '/api/v1/sync/push';
const pullUrl = (cursor: number, limit?: number) => `/api/v1/sync/pull?cursor=${cursor}${limit === undefined ? '' : `&limit=${limit}`}`;
const open = (callRecordId: string): Mutation => ({
  mutationId: randomUUID(),
  name: 'case.open',
  args: { id: randomUUID(), callRecordId, callerNumber: '+8613800138000', callType: 'unclassified', createdAt: 1_767_225_605_000, fields: { direction: 'inbound' } } satisfies CaseOpen,
});
const caseId = (m: Mutation) => (m.args as CaseOpen).id;

describe.each(BACKENDS)('audit of case reads through pull on %s', (kind) => {
  const t = useBackend(kind);
  const pullAudits = () =>
    t.rows<{ actor_id: string; target: string | null; detail: Record<string, unknown>; ip: string | null }>(sql`SELECT actor_id, target, detail, ip FROM audit_events WHERE action = 'case.pull' ORDER BY id`);

  it('writes one event per page that returns cases: actor, count, case ids and cursor range', async () => {
    const agent = await t.login('agentA1');
    const [r1, r2] = [callRecord(), callRecord()];
    const [c1, c2] = [open(r1.id), open(r2.id)];
    // seqs: 1 call record, 2 case, 3 call record, 4 case
    expect((await t.call('POST', PUSH, { token: agent, body: batch([upsert(r1), c1, upsert(r2), c2]) })).status).toBe(200);
    const reader = await t.login('agentA2');

    const first = PullResponseSchema.parse((await t.call('GET', pullUrl(0, 2), { token: reader })).body);
    expect(first.changes.map((c) => c.entity)).toEqual(['callRecord', 'case']);
    let audits = await pullAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor_id: t.fixture.users.agentA2,
      target: `case:${caseId(c1)}`,
      detail: { count: 1, ids: [caseId(c1)], cursorFrom: 0, cursorTo: 2, firstSeq: 2, lastSeq: 2 },
    });

    const rest = PullResponseSchema.parse((await t.call('GET', pullUrl(first.cursor), { token: reader })).body);
    expect(rest.changes.map((c) => c.seq)).toEqual([3, 4]);
    audits = await pullAudits();
    expect(audits).toHaveLength(2);
    expect(audits[1]?.detail).toMatchObject({ count: 1, ids: [caseId(c2)], cursorFrom: 2, cursorTo: 4 });

    const all = PullResponseSchema.parse((await t.call('GET', pullUrl(0), { token: reader })).body);
    expect(all.changes).toHaveLength(4);
    audits = await pullAudits();
    expect(audits).toHaveLength(3);
    expect(audits[2]).toMatchObject({ target: null, detail: { count: 2, cursorFrom: 0, cursorTo: 4 } });
    expect((audits[2]?.detail.ids as string[]).sort()).toEqual([caseId(c1), caseId(c2)].sort());
  });

  it('writes no case event for pages without cases (call records only, empty, or other units’ cases); call records get a records.pull event', async () => {
    const agentA = await t.login('agentA1');
    const record = callRecord();
    await t.call('POST', PUSH, { token: agentA, body: batch([upsert(record)]) });
    const agentB = await t.login('agentB1');
    const recordB = callRecord();
    await t.call('POST', PUSH, { token: agentB, body: batch([upsert(recordB), open(recordB.id)]) });

    expect(PullResponseSchema.parse((await t.call('GET', pullUrl(0), { token: agentA })).body).changes.map((c) => c.entity)).toEqual(['callRecord']);
    expect(PullResponseSchema.parse((await t.call('GET', pullUrl(3), { token: agentA })).body).changes).toEqual([]);
    expect(await pullAudits()).toEqual([]);
    // The call record (the caller's number) is a read of personal data of its own kind.
    const records = await t.rows<{ actor_id: string; detail: Record<string, unknown> }>(sql`SELECT actor_id, detail FROM audit_events WHERE action = 'records.pull' ORDER BY id`);
    expect(records).toEqual([{ actor_id: t.fixture.users.agentA1, detail: { count: 1, ids: { callRecord: [record.id] }, cursorFrom: 0, cursorTo: expect.any(Number) } }]);
    // The wire answer is the same as ever: org B's case reaches B, and that read is B's audit event.
    const b = PullResponseSchema.parse((await t.call('GET', pullUrl(0), { token: agentB })).body);
    expect(Object.keys(b).sort()).toEqual(['changes', 'cursor', 'more', 'purgedThrough']);
    expect(await pullAudits()).toEqual([expect.objectContaining({ actor_id: t.fixture.users.agentB1 })]);
  });
});
