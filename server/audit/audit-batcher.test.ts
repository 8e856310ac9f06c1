import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useBackend } from '../../test/rig/db-backends';
import { freezeRow } from '../../test/rig/freeze-builders';
import { AuditBatcher, auditRowWriter, type AuditRow } from './audit-batcher';

/** A writer that records each batch and completes only when told to. */
function heldWriter() {
  const batches: AuditRow[][] = [];
  const release: Array<(error?: Error) => void> = [];
  const write = (rows: AuditRow[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(rows);
      release.push((error) => (error ? reject(error) : resolve()));
    });
  return { batches, release, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AuditBatcher', () => {
  it('puts requests of one turn into one INSERT and answers none before it commits', async () => {
    const w = heldWriter();
    const batcher = new AuditBatcher(w.write, { maxInFlight: 1 });
    let done = 0;
    const waits = Array.from({ length: 5 }, (_, i) => batcher.record({ action: 'freeze.lookup', actorId: null, target: `t${i}` }).then(() => (done += 1)));
    await tick();
    expect(w.batches.map((b) => b.length)).toEqual([5]);
    // More arrive while the first INSERT runs: they wait for the next one, not a sixth each.
    const later = Array.from({ length: 3 }, () => batcher.record({ action: 'freeze.lookup' }).then(() => (done += 1)));
    await tick();
    expect(w.batches).toHaveLength(1);
    expect(done).toBe(0);
    w.release[0]!();
    await Promise.all(waits);
    expect(done).toBe(5);
    await tick();
    expect(w.batches.map((b) => b.length)).toEqual([5, 3]);
    w.release[1]!();
    await Promise.all(later);
    expect(done).toBe(8);
  });

  it('caps a batch at maxRows', async () => {
    const w = heldWriter();
    const batcher = new AuditBatcher(w.write, { maxRows: 4, maxInFlight: 3 });
    const waits = Array.from({ length: 10 }, () => batcher.record({ action: 'freeze.lookup' }));
    await tick();
    expect(w.batches.map((b) => b.length)).toEqual([4, 4, 2]);
    w.release.forEach((r) => r());
    await Promise.all(waits);
  });

  it('fails every request of a failed INSERT, and the next batch goes on', async () => {
    const w = heldWriter();
    const batcher = new AuditBatcher(w.write, { maxInFlight: 1 });
    const failed = Array.from({ length: 3 }, () => batcher.record({ action: 'freeze.lookup' }));
    await tick();
    const next = batcher.record({ action: 'freeze.reveal' });
    w.release[0]!(new Error('disk full'));
    for (const f of failed) await expect(f).rejects.toThrow('disk full');
    await tick();
    w.release[1]!();
    await expect(next).resolves.toBeUndefined();
    expect(batcher.pending).toBe(0);
  });

  it('fails the batch when the writer throws synchronously', async () => {
    const batcher = new AuditBatcher(() => {
      throw new Error('no connection');
    });
    await expect(batcher.record({ action: 'freeze.lookup' })).rejects.toThrow('no connection');
  });
});

describe.each(BACKENDS)('grouped audit rows on %s', (kind) => {
  const t = useBackend(kind);

  it('commits every row of concurrent records, in fewer INSERTs than rows', async () => {
    const write = auditRowWriter(t.db.orm);
    let inserts = 0;
    const batcher = new AuditBatcher((rows) => {
      inserts += 1;
      return write(rows);
    });
    await Promise.all(Array.from({ length: 40 }, (_, i) => batcher.record({ action: 'freeze.lookup', actorId: t.fixture.users.agentA1, target: `n${i}`, detail: { i }, ip: '127.0.0.1' })));
    const [row] = await t.rows<{ n: number; targets: number }>(sql`SELECT count(*)::int AS n, count(DISTINCT target)::int AS targets FROM audit_events WHERE action = 'freeze.lookup'`);
    expect(row).toEqual({ n: 40, targets: 40 });
    expect(inserts).toBeLessThan(40);
  });

  it('writes every field as given, in order, through the array INSERT (quotes, braces, nulls, non-ASCII)', async () => {
    const write = auditRowWriter(t.db.orm);
    const awkward = { by: 'name', value: '张*三 "quoted" \\ {braces}, comma', nested: { list: [1, null, 'x'] } };
    await write([
      { action: 'freeze.lookup', actorId: t.fixture.users.agentA1, target: 'case:"x"', detail: awkward, ip: '127.0.0.1' },
      { action: 'freeze.reveal', actorId: null, target: null, detail: null, ip: null },
      { action: 'login', actorId: t.fixture.users.agentA2, target: 'NULL', detail: { n: 1 }, ip: '::1' },
    ]);
    const rows = await t.rows(sql`SELECT action, actor_id, target, detail, ip FROM audit_events ORDER BY id`);
    expect(rows).toEqual([
      { action: 'freeze.lookup', actor_id: t.fixture.users.agentA1, target: 'case:"x"', detail: awkward, ip: '127.0.0.1' },
      { action: 'freeze.reveal', actor_id: null, target: null, detail: null, ip: null },
      { action: 'login', actor_id: t.fixture.users.agentA2, target: 'NULL', detail: { n: 1 }, ip: '::1' },
    ]);
  });

  it('writes nothing of a batch whose INSERT fails, and fails each request', async () => {
    const batcher = new AuditBatcher(auditRowWriter(t.db.orm));
    const good = batcher.record({ action: 'freeze.lookup', target: 'good' });
    // A NOT NULL violation in the same statement: the whole INSERT is refused.
    const bad = batcher.record({ action: null as unknown as 'freeze.lookup', target: 'bad' });
    await expect(good).rejects.toThrow();
    await expect(bad).rejects.toThrow();
    expect(await t.count('audit_events')).toBe(0);
  });

  it('a look-up whose audit row cannot be written is not answered', async () => {
    const admin = await t.login('adminA');
    expect((await t.call('POST', '/api/v1/ingest/freeze-records', { token: admin, body: { records: [freezeRow({ accountNumber: '6222021001115678' })] } })).status).toBe(200);
    const token = await t.login('agentA1');
    await t.db.orm.execute(sql`CREATE FUNCTION refuse_lookup_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = 'freeze.lookup' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$`);
    await t.db.orm.execute(sql`CREATE TRIGGER refuse_lookup_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_lookup_audit()`);
    try {
      const answers = await Promise.all(Array.from({ length: 3 }, () => t.call('POST', '/api/v1/freeze-records/lookup', { token, body: { by: 'account', value: '6222021001115678' } })));
      for (const res of answers) {
        expect(res.status).toBeGreaterThanOrEqual(500);
        expect(JSON.stringify(res.body)).not.toContain('5678');
      }
    } finally {
      await t.db.orm.execute(sql`DROP TRIGGER refuse_lookup_audit ON audit_events`);
      await t.db.orm.execute(sql`DROP FUNCTION refuse_lookup_audit()`);
    }
    const ok = await t.call('POST', '/api/v1/freeze-records/lookup', { token, body: { by: 'account', value: '6222021001115678' } });
    expect(ok.status).toBe(200);
    const [row] = await t.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'freeze.lookup'`);
    expect(row!.n).toBe(1);
  });
});
