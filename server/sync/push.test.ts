import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { lockChangeLog } from './change-log';
import { append, batch, callRecord, noteSegment, upsert } from '../../test/rig/mutation-builders';

const PUSH = '/api/v1/sync/push';

describe.each(BACKENDS)('sync push on %s', (kind) => {
  const t = useBackend(kind);

  it('applies a call record and a note in one batch and stores them', async () => {
    const token = await t.login('agentA1');
    const record = callRecord({ answeredAt: 1_767_225_605_000 });
    const note = noteSegment(record.id, { text: 'caller was asked to move money to a "safe account"' });
    const res = await t.call('POST', PUSH, { token, body: batch([upsert(record), append(note)]) });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { mutationId: expect.any(String), status: 'applied', seq: 1 },
      { mutationId: expect.any(String), status: 'applied', seq: 2 },
    ]);
    const [row] = await t.rows(sql`SELECT sip_call_id, direction, remote_number, dialed_number, started_at, answered_at, agent_id, org_unit_id, updated_seq::int AS updated_seq FROM call_records`);
    expect(row).toMatchObject({ sip_call_id: record.sipCallId, remote_number: '13800138000', agent_id: t.fixture.users.agentA1, org_unit_id: t.fixture.orgA, updated_seq: 1 });
    expect(Number(row.answered_at)).toBe(1_767_225_605_000);
    const [segment] = await t.rows(sql`SELECT call_record_id, idx, text, author_id FROM note_segments`);
    expect(segment).toEqual({ call_record_id: record.id, idx: 0, text: note.text, author_id: t.fixture.users.agentA1 });
    const log = await t.rows(sql`SELECT seq::int AS seq, entity, entity_id, org_unit_id FROM change_log ORDER BY seq`);
    expect(log).toEqual([
      { seq: 1, entity: 'callRecord', entity_id: record.id, org_unit_id: t.fixture.orgA },
      { seq: 2, entity: 'noteSegment', entity_id: note.id, org_unit_id: t.fixture.orgA },
    ]);
    expect(await t.count('applied_mutations')).toBe(2);
  });

  it('returns the stored results for a replayed batch and changes nothing', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const body = batch([upsert(record), append(noteSegment(record.id)), upsert({ ...record, sipCallId: 'other-dialog' })]);
    const first = await t.call('POST', PUSH, { token, body });
    expect(first.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    const counts = async () => Promise.all(['call_records', 'note_segments', 'change_log', 'applied_mutations'].map((table) => t.count(table)));
    const before = await counts();
    const replay = await t.call('POST', PUSH, { token, body });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
  });

  it('applies a mutation id repeated inside one batch once', async () => {
    const token = await t.login('agentA1');
    const m = upsert(callRecord());
    const res = await t.call('POST', PUSH, { token, body: batch([m, m]) });
    expect(res.body.results[0]).toEqual(res.body.results[1]);
    expect(await t.count('change_log')).toBe(1);
  });

  it('refuses only the invalid mutations of a batch (field named) and applies the rest', async () => {
    const token = await t.login('agentA1');
    const good = callRecord();
    const bad = { ...callRecord(), remoteNumber: '138-0013-8000' };
    const long = noteSegment(good.id, { text: '长'.repeat(20_001) });
    const nul = noteSegment(good.id, { index: 2, text: 'before\u0000after' });
    const lone = upsert({ ...callRecord(), sipCallId: 'abc\uD800@host' });
    const after = noteSegment(good.id, { index: 3, text: 'still arrives' });
    const res = await t.call('POST', PUSH, { token, body: batch([upsert(good), upsert(bad), append(long), append(nul), lone, append(after)]) });
    expect(res.status).toBe(200);
    const [r0, r1, r2, r3, r4, r5] = res.body.results;
    expect(r0.status).toBe('applied');
    expect(r1).toMatchObject({ status: 'rejected', reason: 'invalid', fields: { 'args.remoteNumber': 'phone-number' } });
    expect(r1.message).toContain('args.remoteNumber');
    expect(r2).toMatchObject({ status: 'rejected', reason: 'invalid', fields: { 'args.text': 'too_big (max 20000)' } });
    expect(r3).toMatchObject({ status: 'rejected', reason: 'invalid', fields: { 'args.text': 'text-nul' } });
    expect(r4).toMatchObject({ status: 'rejected', reason: 'invalid', fields: { 'args.sipCallId': 'text-lone-surrogate' } });
    expect(r5.status).toBe('applied');
    expect(await t.count('call_records')).toBe(1);
    expect(await t.count('note_segments')).toBe(1);
    // Refusals by schema are not stored: the same bytes are refused the same way on a resend.
    expect(await t.count('applied_mutations')).toBe(2);
  });

  it('rejects a batch whose envelope is bad (400 naming the field) and refuses unknown names per mutation', async () => {
    const token = await t.login('agentA1');
    const res = await t.call('POST', PUSH, { token, body: { clientId: 'not-a-uuid', mutations: [{ mutationId: randomUUID(), name: 'case.delete', args: {} }] } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields)).toEqual(['clientId']);
    const unknown = await t.call('POST', PUSH, { token, body: { clientId: randomUUID(), mutations: [{ mutationId: randomUUID(), name: 'case.delete', args: {} }] } });
    expect(unknown.status).toBe(200);
    expect(unknown.body.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid', fields: { name: expect.any(String) } });
  });

  it('rejects a note on another org unit’s call record as forbidden, without writing it', async () => {
    const tokenB = await t.login('agentB1');
    const record = callRecord();
    await t.call('POST', PUSH, { token: tokenB, body: batch([upsert(record)]) });
    const tokenA = await t.login('agentA1');
    const res = await t.call('POST', PUSH, { token: tokenA, body: batch([append(noteSegment(record.id))]) });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await t.count('note_segments')).toBe(0);
    expect(await t.count('change_log')).toBe(1);
  });

  it('rejects an upsert of a record owned by another agent, even in the same org unit', async () => {
    const record = callRecord();
    await t.call('POST', PUSH, { token: await t.login('agentA1'), body: batch([upsert(record)]) });
    const res = await t.call('POST', PUSH, { token: await t.login('agentA2'), body: batch([upsert({ ...record, endedAt: 1_767_225_700_000 })]) });
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const [row] = await t.rows(sql`SELECT ended_at FROM call_records`);
    expect(row.ended_at).toBeNull();
  });

  it('lets a colleague in the same org unit add a note, and the auditor role write nothing', async () => {
    const record = callRecord();
    await t.call('POST', PUSH, { token: await t.login('agentA1'), body: batch([upsert(record)]) });
    const byColleague = await t.call('POST', PUSH, { token: await t.login('superA'), body: batch([append(noteSegment(record.id))]) });
    expect(byColleague.body.results[0].status).toBe('applied');
    // Auditors read the audit trail and nothing else: the whole push is refused before the body is read.
    const byAuditor = await t.call('POST', PUSH, { token: await t.login('auditorA'), body: batch([append(noteSegment(record.id, { index: 1 }))]) });
    expect(byAuditor.status).toBe(403);
    expect(byAuditor.body.error).toBe('forbidden');
    expect(await t.count('note_segments')).toBe(1);
  });

  it('updates call facts in server order and reports unchanged re-sends at the old seq', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const ended = { ...record, answeredAt: 1_767_225_601_000, endedAt: 1_767_225_900_000, endReason: 'remote-hangup' as const };
    const res = await t.call('POST', PUSH, { token, body: batch([upsert(record), upsert(ended), upsert(ended)]) });
    expect(res.body.results.map((r: any) => r.seq)).toEqual([1, 2, 2]);
    const [row] = await t.rows(sql`SELECT end_reason, updated_seq::int AS updated_seq FROM call_records`);
    expect(row).toEqual({ end_reason: 'remote-hangup', updated_seq: 2 });
  });

  it('treats a re-sent identical segment as applied and a different one under the same id as a conflict', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const note = noteSegment(record.id);
    await t.call('POST', PUSH, { token, body: batch([upsert(record), append(note)]) });
    const res = await t.call('POST', PUSH, { token, body: batch([append(note), append({ ...note, text: 'changed' })]) });
    expect(res.body.results[0]).toMatchObject({ status: 'applied', seq: 2 });
    expect(res.body.results[1]).toMatchObject({ status: 'rejected', reason: 'conflict', current: { text: note.text } });
    const notFound = await t.call('POST', PUSH, { token, body: batch([append(noteSegment(randomUUID()))]) });
    expect(notFound.body.results[0]).toMatchObject({ status: 'rejected', reason: 'not-found' });
  });

  it('does not let another user read a result through a reused mutation id', async () => {
    const m = upsert(callRecord());
    await t.call('POST', PUSH, { token: await t.login('agentA1'), body: batch([m]) });
    const res = await t.call('POST', PUSH, { token: await t.login('agentA2'), body: batch([m]) });
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
  });

  it('applies a full 500-mutation batch with a handful of statements', async () => {
    const token = await t.login('agentA1');
    const mutations = Array.from({ length: 250 }, () => callRecord()).flatMap((r) => [upsert(r), append(noteSegment(r.id))]);
    const started = performance.now();
    const res = await t.call('POST', PUSH, { token, body: batch(mutations) });
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.results.at(-1)).toMatchObject({ status: 'applied', seq: 500 });
    expect(await t.count('change_log')).toBe(500);
    // A one-round-trip-per-row push takes seconds on PGlite; batched SQL stays well under.
    expect(ms).toBeLessThan(5000);
  });
});

describe('sync push under concurrency (postgres)', () => {
  const t = useBackend('postgres');

  it('gives concurrent batches contiguous, gap-free seqs in commit order', async () => {
    const tokens = await Promise.all((['agentA1', 'agentA2', 'superA', 'agentB1'] as const).map((u) => t.login(u)));
    const answers = await Promise.all(
      tokens.map((token) => t.call('POST', PUSH, { token, body: batch(Array.from({ length: 50 }, () => upsert(callRecord()))) })),
    );
    const blocks = answers.map((a) => a.body.results.map((r: any) => r.seq as number));
    for (const seqs of blocks) expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => (seqs[0] as number) + i));
    const all = (await t.rows(sql`SELECT seq::int AS seq FROM change_log ORDER BY seq`)).map((r) => r.seq);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('waits for the change-log lock, so a later seq can never become visible before an earlier one', async () => {
    const token = await t.login('agentA1');
    let release = (): void => undefined;
    let signalLocked = (): void => undefined;
    const locked = new Promise<void>((r) => (signalLocked = r));
    const holder = t.db.orm.transaction(async (tx) => {
      await lockChangeLog(tx);
      signalLocked();
      await new Promise<void>((r) => (release = r));
    });
    await locked;
    let done = false;
    const pushing = t.call('POST', PUSH, { token, body: batch([upsert(callRecord())]) }).then((answer) => ((done = true), answer));
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
    } finally {
      release();
      await holder;
    }
    expect((await pushing).body.results[0]).toMatchObject({ status: 'applied', seq: 1 });
  });
});
