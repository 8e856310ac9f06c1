import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/database';

/** What the plugin really passes to `child`: the merged limit options, with the route under `routeInfo`. */
type ChildOptions = Parameters<FastifyRateLimitStore['child']>[0] & { routeInfo?: { url?: string; method?: string | string[] } };

/** Old windows are swept at most this often per instance. */
const SWEEP_EVERY_MS = 60_000;
/** Windows are kept this long after they end, so a slow clock on another instance still finds its row. */
const KEEP_AFTER_END_MS = 60_000;

/**
 * Fixed-window counters in `rate_limit_hits`, shared by every record-store instance on
 * the database, so N instances behind a load balancer enforce one limit rather than N.
 * Windows are aligned on the database clock (`date_bin` from the epoch), so all instances
 * agree which window a hit falls in; the count is one atomic upsert-increment, so
 * concurrent hits on several instances are all counted. A fixed window lets a client
 * make up to twice the limit across a boundary; for a sign-in brake that is acceptable
 * (account lockout guards each account).
 */
class DbRateLimitStore implements FastifyRateLimitStore {
  private lastSweep = 0;

  constructor(
    private readonly orm: Orm,
    /** Keeps routes apart in the shared table (`POST /api/v1/auth/login`). */
    private readonly namespace: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    this.hit(`${this.namespace}|${key}`, timeWindow).then(
      (result) => callback(null, result),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  child(routeOptions: ChildOptions): FastifyRateLimitStore {
    const route = routeOptions.routeInfo;
    return new DbRateLimitStore(this.orm, `${[route?.method ?? ''].flat().join(',')} ${route?.url ?? ''}`.trim() || 'global', this.onError);
  }

  private async hit(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    const [row] = await queryRows<{ count: number; ttl_ms: number }>(
      this.orm,
      sql`INSERT INTO rate_limit_hits AS h (key, window_start, count)
          VALUES (${key}, date_bin(${windowMs}::bigint * interval '1 millisecond', now(), timestamptz '1970-01-01 00:00:00+00'), 1)
          ON CONFLICT (key, window_start) DO UPDATE SET count = h.count + 1
          RETURNING h.count::int AS count,
                    ceil(extract(epoch FROM (h.window_start + ${windowMs}::bigint * interval '1 millisecond' - now())) * 1000)::float8 AS ttl_ms`,
    );
    if (!row) throw new Error('rate limit upsert returned no row');
    this.maybeSweep(windowMs);
    return { current: Number(row.count), ttl: Math.max(1, Number(row.ttl_ms)) };
  }

  /** Deletes this namespace's ended windows, at most once a minute per instance, off the request's path. */
  private maybeSweep(windowMs: number): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    const prefix = `${this.namespace}|`;
    void sweepRateLimitHits(this.orm, windowMs + KEEP_AFTER_END_MS, prefix).catch(this.onError);
  }
}

/** Deletes windows that started more than `olderThanMs` ago (of keys starting with `prefix`, when given). Returns how many. */
export async function sweepRateLimitHits(orm: Orm, olderThanMs: number, prefix?: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    orm,
    sql`WITH gone AS (
          DELETE FROM rate_limit_hits
          WHERE window_start < now() - ${olderThanMs}::bigint * interval '1 millisecond'
            ${prefix === undefined ? sql`` : sql`AND starts_with(key, ${prefix})`}
          RETURNING 1)
        SELECT count(*)::int AS n FROM gone`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The `store` option for @fastify/rate-limit: a constructor the plugin instantiates, bound
 * to `orm`. `onError` receives failed background sweeps (a failed count fails the request).
 */
export function dbRateLimitStore(orm: Orm, onError: (error: unknown) => void = () => undefined): FastifyRateLimitStoreCtor {
  return class extends DbRateLimitStore {
    constructor() {
      super(orm, 'global', onError);
    }
  };
}
