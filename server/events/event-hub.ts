import type { ChangeNotice } from './change-notice';

/** Where a connection's bytes go (the raw HTTP response in production, a buffer in tests). */
export interface EventSink {
  write(chunk: string): void;
  end(): void;
}

export interface EventHubOptions {
  /** Interval of the `: heartbeat` comment that keeps proxies and dead-peer detection honest. */
  heartbeatMs: number;
  /** The newest change_log seq visible to an org unit (0 when none). */
  latestSeq(orgUnitId: string): Promise<number>;
}

interface Connection {
  orgUnitId: string;
  sink: EventSink;
  /** Highest seq already poked on this connection; older or equal pokes are not repeated. */
  lastSeq: number;
}

/** One SSE poke frame; the id is the seq, so a reconnect's Last-Event-ID says where the client was. */
export const pokeFrame = (seq: number): string => `id: ${seq}\nevent: poke\ndata: ${JSON.stringify({ seq })}\n\n`;

/**
 * This instance's open event streams, grouped by org unit. A change notice (from
 * LISTEN/NOTIFY, so from any instance) pokes the streams of the units it touched. Pokes
 * carry no data: a lost or doubled poke loses or doubles nothing (design.md §4).
 */
export class EventHub {
  private readonly byUnit = new Map<string, Set<Connection>>();
  private heartbeat?: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(private readonly options: EventHubOptions) {}

  /** Open streams (one stream watching several units counts once). */
  get size(): number {
    return this.connections().size;
  }

  private connections(): Set<Connection> {
    const all = new Set<Connection>();
    for (const set of this.byUnit.values()) for (const connection of set) all.add(connection);
    return all;
  }

  /**
   * Adds a stream for the org units in `orgUnitIds` (a supervisor's scope has several; a
   * poke is sent once whichever of them changed, since pokes are deduplicated by seq). It
   * is registered before the latest seq is read, so a change committed in between is poked
   * by its notice even if the read missed it. Pokes at once when the units have changes
   * newer than `lastEventId` (or when the client gave none, so it learns the current
   * position). Returns the function that removes it.
   */
  async add(orgUnitIds: string | string[], sink: EventSink, lastEventId: number | null): Promise<() => void> {
    const units = [...new Set(typeof orgUnitIds === 'string' ? [orgUnitIds] : orgUnitIds)];
    if (this.closed) {
      sink.end();
      return () => undefined;
    }
    const connection: Connection = { orgUnitId: units[0] ?? '', sink, lastSeq: lastEventId ?? -1 };
    const sets = units.map((unit) => {
      const set = this.byUnit.get(unit) ?? new Set<Connection>();
      this.byUnit.set(unit, set);
      set.add(connection);
      return [unit, set] as const;
    });
    this.ensureHeartbeat();
    const remove = () => {
      for (const [unit, set] of sets) {
        set.delete(connection);
        if (set.size === 0 && this.byUnit.get(unit) === set) this.byUnit.delete(unit);
      }
      if (this.size === 0) this.stopHeartbeat();
    };
    try {
      const seqs = await Promise.all(units.map((unit) => this.options.latestSeq(unit)));
      this.poke(connection, Math.max(0, ...seqs));
    } catch {
      // Without the position the client still gets every future poke; its safety pull covers the rest.
    }
    return remove;
  }

  /** Pokes the streams of the org units a committed batch touched. */
  notify(notice: ChangeNotice): void {
    const units = notice.orgUnitIds === '*' ? [...this.byUnit.keys()] : notice.orgUnitIds;
    for (const unit of units) for (const connection of this.byUnit.get(unit) ?? []) this.poke(connection, notice.maxSeq);
  }

  /** After notifications may have been lost: re-reads every unit's position and pokes whoever is behind. */
  async resync(): Promise<void> {
    await Promise.all(
      [...this.byUnit.keys()].map(async (unit) => {
        const seq = await this.options.latestSeq(unit).catch(() => null);
        if (seq !== null) for (const connection of this.byUnit.get(unit) ?? []) this.poke(connection, seq);
      }),
    );
  }

  /** Ends every stream (server shutdown), so closing the HTTP server does not wait on them. */
  close(): void {
    this.closed = true;
    this.stopHeartbeat();
    for (const connection of this.connections()) safely(() => connection.sink.end());
    this.byUnit.clear();
  }

  private poke(connection: Connection, seq: number): void {
    if (seq <= connection.lastSeq || (seq === 0 && connection.lastSeq === -1)) {
      // Nothing newer; a brand-new client of an empty unit needs no poke either.
      return;
    }
    connection.lastSeq = seq;
    safely(() => connection.sink.write(pokeFrame(seq)));
  }

  private ensureHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections()) safely(() => connection.sink.write(': heartbeat\n\n'));
    }, this.options.heartbeatMs);
    this.heartbeat.unref?.();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}

/** A write to a socket that just died must not take the other streams down with it. */
function safely(action: () => void): void {
  try {
    action();
  } catch {
    /* the connection's close handler removes it */
  }
}
