import type { Orm } from '../db/database';
import { auditEvents } from '../db/schema';
import type { AuditEvent } from './audit-log';

/** One audit row as inserted. */
export type AuditRow = typeof auditEvents.$inferInsert;

/** Writes several audit rows in one statement; a rejection fails every row of the batch. */
export type AuditRowWriter = (rows: AuditRow[]) => Promise<void>;

export interface AuditBatcherOptions {
  /** Most rows one INSERT carries (parameters: 5 a row, PostgreSQL allows 65,535). */
  maxRows?: number;
  /** Most INSERTs in flight at once; rows arriving meanwhile wait and share the next one. */
  maxInFlight?: number;
}

interface Waiting {
  row: AuditRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for audit rows of reads (a freeze look-up, a reveal). Each request enqueues
 * its row and awaits the INSERT that carries it, so nothing is answered before its audit row
 * is committed; concurrent requests share one multi-row INSERT (one round trip and one
 * commit instead of fifty). There is no timer: rows queued in one event-loop turn are
 * flushed at the next `setImmediate`, and while `maxInFlight` INSERTs are running, new rows
 * pile up for the next one. An idle server therefore adds no wait, and a loaded one
 * batches by itself. When an INSERT fails, every request waiting on it fails with it.
 *
 * Only for audit rows that need no transaction with other writes: a change and its audit
 * row that must commit together keep `recordAudit(tx, …)`.
 */
export class AuditBatcher {
  private readonly maxRows: number;
  private readonly maxInFlight: number;
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: AuditRowWriter,
    options: AuditBatcherOptions = {},
  ) {
    this.maxRows = options.maxRows ?? 200;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  /** Resolves once the event's row is committed; rejects with the INSERT's error. */
  record(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row: toRow(event), resolve, reject });
      this.schedule();
    });
  }

  /** Rows queued and not yet handed to an INSERT (for tests and metrics). */
  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.queue.splice(0, this.maxRows);
      this.inFlight += 1;
      // write() is called inside the promise chain so a synchronous throw fails the batch too.
      Promise.resolve()
        .then(() => this.write(batch.map((w) => w.row)))
        .then(
          () => batch.forEach((w) => w.resolve()),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          this.inFlight -= 1;
          if (this.queue.length > 0) this.schedule();
        });
    }
  }
}

function toRow(event: AuditEvent): AuditRow {
  return { action: event.action, actorId: event.actorId ?? null, target: event.target ?? null, detail: event.detail ?? null, ip: event.ip ?? null };
}

/**
 * One INSERT for any number of rows: five array parameters, unnested in order. The text never
 * changes with the batch size, so building it costs nothing per batch (the query builder's
 * multi-row VALUES was the largest share of a loaded record store's CPU left per look-up).
 */
export const INSERT_AUDIT_ROWS_SQL = `INSERT INTO audit_events (action, actor_id, target, detail, ip)
SELECT a, u::uuid, t, d::jsonb, i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(a, u, t, d, i)`;

/** The driver under a root drizzle handle (node-postgres Pool or PGlite); both take `(text, values)`. */
type RawClient = { query(text: string, values: unknown[]): Promise<unknown> };

/** The multi-row INSERT a batcher on `orm` uses. */
export function auditRowWriter(orm: Orm): AuditRowWriter {
  const client = (orm as unknown as { $client?: RawClient }).$client;
  // A transaction handle has no client of its own: keep the query builder there.
  if (typeof client?.query !== 'function') {
    return async (rows) => {
      await orm.insert(auditEvents).values(rows);
    };
  }
  return async (rows) => {
    await client.query(INSERT_AUDIT_ROWS_SQL, [
      rows.map((r) => r.action),
      rows.map((r) => r.actorId ?? null),
      rows.map((r) => r.target ?? null),
      rows.map((r) => (r.detail === null || r.detail === undefined ? null : JSON.stringify(r.detail))),
      rows.map((r) => r.ip ?? null),
    ]);
  };
}

const batchers = new WeakMap<Orm, AuditBatcher>();

/**
 * Records a read's audit event through the group-commit batcher of `orm` (one per database
 * handle, made on first use). Resolves only after the row is committed, so a route that
 * awaits it before answering never answers unaudited. Pass the database's root handle, never
 * a transaction: the batch commits on its own.
 */
export function recordAuditGrouped(orm: Orm, event: AuditEvent): Promise<void> {
  let batcher = batchers.get(orm);
  if (!batcher) {
    batcher = new AuditBatcher(auditRowWriter(orm));
    batchers.set(orm, batcher);
  }
  return batcher.record(event);
}
