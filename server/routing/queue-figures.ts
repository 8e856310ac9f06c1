import { sql } from 'drizzle-orm';
import type { QueueFigures } from '../../shared/schemas/routing';
import { queryRows, type Orm } from '../db/database';
import type { RoutingConfig } from './routing-config';
import { startOfShanghaiDay, STALE_RETRIES } from './next-agent';

/** Service level target: answered within this long counts as served in time. */
const SERVICE_LEVEL_MS = 20_000;

/** The live queue figures for the supervisor (one query; routing_calls is indexed by state and arrival). */
export async function queueFigures(orm: Orm, config: RoutingConfig): Promise<QueueFigures> {
  const now = config.now();
  const day = startOfShanghaiDay(now);
  const liveSince = now - STALE_RETRIES * config.retryMs;
  const [row] = await queryRows<{ waiting: number; oldest: number | null; answered: number; abandoned: number; in_time: number }>(
    orm,
    sql`SELECT
          count(*) FILTER (WHERE state IN ('waiting', 'offered') AND last_seen_at >= ${liveSince})::int AS waiting,
          min(arrived_at) FILTER (WHERE state IN ('waiting', 'offered') AND last_seen_at >= ${liveSince})::float8 AS oldest,
          count(*) FILTER (WHERE state = 'answered' AND arrived_at >= ${day})::int AS answered,
          count(*) FILTER (WHERE state = 'abandoned' AND arrived_at >= ${day})::int AS abandoned,
          count(*) FILTER (WHERE state = 'answered' AND arrived_at >= ${day} AND answered_at - arrived_at <= ${SERVICE_LEVEL_MS})::int AS in_time
        FROM routing_calls WHERE arrived_at >= ${Math.min(day, liveSince)} OR state IN ('waiting', 'offered')`,
  );
  const answered = row?.answered ?? 0;
  return {
    waitingNow: row?.waiting ?? 0,
    longestWaitMs: row?.oldest == null ? 0 : Math.max(0, now - Number(row.oldest)),
    answeredToday: answered,
    abandonedToday: row?.abandoned ?? 0,
    serviceLevel: answered === 0 ? null : (row?.in_time ?? 0) / answered,
  };
}
