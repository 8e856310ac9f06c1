import { sql } from 'drizzle-orm';
import type { QueueFigures } from '../../shared/schemas/routing';
import { queryRows, type Orm } from '../db/database';
import { openCallbackCount } from './callbacks';
import type { RoutingConfig } from './routing-config';
import { startOfShanghaiDay, STALE_RETRIES } from './next-agent';

/** Service level target: answered within this long counts as served in time. */
const SERVICE_LEVEL_MS = 20_000;

/** The live queue figures for the supervisor (routing_calls is indexed by state and arrival). */
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
  const hours = await queryRows<{ hour: number; calls: number }>(
    orm,
    sql`SELECT floor((arrived_at - ${day}) / 3600000.0)::int AS hour, count(*)::int AS calls
        FROM routing_calls WHERE arrived_at >= ${day} AND arrived_at < ${day + 86_400_000} GROUP BY 1`,
  );
  const callsPerHour = Array.from({ length: 24 }, () => 0);
  for (const h of hours) if (h.hour >= 0 && h.hour < 24) callsPerHour[h.hour] = h.calls;
  const answered = row?.answered ?? 0;
  return {
    waitingNow: row?.waiting ?? 0,
    longestWaitMs: row?.oldest == null ? 0 : Math.max(0, now - Number(row.oldest)),
    answeredToday: answered,
    abandonedToday: row?.abandoned ?? 0,
    serviceLevel: answered === 0 ? null : (row?.in_time ?? 0) / answered,
    openCallbacks: await openCallbackCount(orm),
    callsPerHour,
  };
}
