import { describe, expect, it } from 'vitest';
import { PullResponseSchema } from '../../shared/sync/protocol';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { append, batch, callRecord, noteSegment, upsert } from '../../test/rig/mutation-builders';

const pullUrl = (cursor?: number, limit?: number) => `/api/v1/sync/pull?${new URLSearchParams({ ...(cursor === undefined ? {} : { cursor: String(cursor) }), ...(limit === undefined ? {} : { limit: String(limit) }) })}`;

describe.each(BACKENDS)('sync pull on %s', (kind) => {
  const t = useBackend(kind);

  /** Org A gets records at seqs 1,2 and 4,5 (each with a note); org B one record at 3. */
  async function seedChanges() {
    const tokenA = await t.login('agentA1');
    const tokenB = await t.login('agentB1');
    const [r1, r2, rb] = [callRecord(), callRecord(), callRecord()];
    await t.call('POST', '/api/v1/sync/push', { token: tokenA, body: batch([upsert(r1), append(noteSegment(r1.id))]) });
    await t.call('POST', '/api/v1/sync/push', { token: tokenB, body: batch([upsert(rb)]) });
    await t.call('POST', '/api/v1/sync/push', { token: tokenA, body: batch([upsert(r2), append(noteSegment(r2.id))]) });
    return { tokenA, tokenB, r1, r2, rb };
  }

  it('pages through the caller’s org unit by cursor with a `more` flag', async () => {
    const { tokenA, r1, r2 } = await seedChanges();
    const first = await t.call('GET', pullUrl(0, 3), { token: tokenA });
    expect(first.status).toBe(200);
    const page1 = PullResponseSchema.parse(first.body);
    expect(page1.changes.map((c) => c.seq)).toEqual([1, 2, 4]);
    expect(page1).toMatchObject({ cursor: 4, more: true });
    // The record names the agent who logged it: colleagues' desks do not show it as their own call.
    expect(page1.changes[0]).toEqual({ seq: 1, entity: 'callRecord', id: r1.id, data: { ...r1, agentId: expect.any(String) } });
    expect(page1.changes[1]?.entity).toBe('noteSegment');

    const page2 = PullResponseSchema.parse((await t.call('GET', pullUrl(page1.cursor, 3), { token: tokenA })).body);
    expect(page2.changes.map((c) => c.seq)).toEqual([5]);
    expect(page2.changes[0]?.data).toMatchObject({ callRecordId: r2.id });
    expect(page2).toMatchObject({ cursor: 5, more: false });

    const empty = PullResponseSchema.parse((await t.call('GET', pullUrl(page2.cursor), { token: tokenA })).body);
    expect(empty).toEqual({ changes: [], cursor: 5, more: false, purgedThrough: 0 });
  });

  it('shows another org unit nothing of org A', async () => {
    const { tokenB, rb } = await seedChanges();
    const res = PullResponseSchema.parse((await t.call('GET', pullUrl(), { token: tokenB })).body);
    expect(res.changes).toEqual([{ seq: 3, entity: 'callRecord', id: rb.id, data: { ...rb, agentId: expect.any(String) } }]);
    expect(res.more).toBe(false);
  });

  it('sends the stored JSON as is: escapes, quotes and non-ASCII text come back exactly, with a JSON content type', async () => {
    const token = await t.login('agentA1');
    const record = callRecord();
    const note = noteSegment(record.id, { text: '他说："转账到\\安全账户"\t然后挂断 😀 </script> \u2028' });
    await t.call('POST', '/api/v1/sync/push', { token, body: batch([upsert(record), append(note)]) });
    const res = await t.call('GET', pullUrl(), { token });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const pulled = PullResponseSchema.parse(res.body);
    expect(pulled.changes.map((c) => c.entity)).toEqual(['callRecord', 'noteSegment']);
    expect(pulled.changes[1]?.data).toMatchObject({ id: note.id, text: note.text });
  });

  it('validates cursor and limit', async () => {
    const token = await t.login('agentA1');
    for (const url of ['/api/v1/sync/pull?cursor=-1', '/api/v1/sync/pull?limit=0', '/api/v1/sync/pull?limit=5000', '/api/v1/sync/pull?cursor=abc']) {
      const res = await t.call('GET', url, { token });
      expect(res.status, url).toBe(400);
      expect(res.body.error).toBe('invalid');
      expect(Object.keys(res.body.fields).length).toBe(1);
    }
  });

  it('requires a session', async () => {
    const res = await t.call('GET', pullUrl());
    expect(res.status).toBe(401);
  });
});
