import { sql } from 'drizzle-orm';
import type { WarningCallsHour } from '../../shared/schemas/supervisor';
import { queryRows, type Orm } from '../db/database';

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const textArray = (values: readonly string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}::uuid`), sql`, `)}]::uuid[]`;

/**
 * Warning calls of one day per local hour (issue 19, the supervisor's view): the automatic
 * caller's calls and how they went beside the agents' recorded call attempts, for the
 * instructions of `unitIds`. Hours without any call are left out.
 */
export async function warningCallsByHour(orm: Orm, unitIds: string[], from: number, to: number): Promise<WarningCallsHour[]> {
  if (unitIds.length === 0) return [];
  const hourOf = (column: string) => sql.raw(`(((${column} + ${SHANGHAI_OFFSET_MS}) / 3600000) % 24)::int`);
  const auto = await queryRows<{ hour: number; calls: number; acknowledged: number; callback: number; no_key: number; not_reached: number }>(
    orm,
    sql`SELECT ${hourOf('a.at')} AS hour, count(*)::int AS calls,
          count(*) FILTER (WHERE a.outcome = 'pressed-1')::int AS acknowledged,
          count(*) FILTER (WHERE a.outcome = 'pressed-2')::int AS callback,
          count(*) FILTER (WHERE a.outcome = 'answered-no-key')::int AS no_key,
          count(*) FILTER (WHERE a.result IS DISTINCT FROM 'answered')::int AS not_reached
        FROM auto_call_attempts a JOIN warning_instructions wi ON wi.id = a.instruction_id
        WHERE wi.org_unit_id = ANY(${textArray(unitIds)}) AND a.at >= ${from} AND a.at < ${to}
        GROUP BY 1`,
  );
  const agents = await queryRows<{ hour: number; calls: number; answered: number }>(
    orm,
    sql`SELECT ${hourOf('a.at')} AS hour, count(*)::int AS calls, count(*) FILTER (WHERE a.result = 'answered')::int AS answered
        FROM warning_attempts a JOIN warning_instructions wi ON wi.id = a.instruction_id
        WHERE wi.org_unit_id = ANY(${textArray(unitIds)}) AND a.channel = 'call' AND a.at >= ${from} AND a.at < ${to}
        GROUP BY 1`,
  );
  const hours = new Map<number, WarningCallsHour>();
  const hourRow = (hour: number): WarningCallsHour => {
    const row = hours.get(hour) ?? { hour, auto: { calls: 0, acknowledged: 0, callback: 0, answeredNoKey: 0, notReached: 0 }, agents: { calls: 0, answered: 0 } };
    hours.set(hour, row);
    return row;
  };
  for (const a of auto) hourRow(a.hour).auto = { calls: a.calls, acknowledged: a.acknowledged, callback: a.callback, answeredNoKey: a.no_key, notReached: a.not_reached };
  for (const a of agents) hourRow(a.hour).agents = { calls: a.calls, answered: a.answered };
  return [...hours.values()].sort((x, y) => x.hour - y.hour);
}
