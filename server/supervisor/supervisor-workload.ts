import { and, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { OUTCOME_STATES } from '../../shared/schemas/warning';
import { shanghaiDayBounds, type SupervisorWorkload } from '../../shared/schemas/supervisor';
import type { Orm } from '../db/database';
import { auditEvents, callRecords } from '../db/schema';
import { supervisedAgents } from './supervised-agents';
import { warningCallsByHour } from '../auto-call/warning-calls-by-hour';

const DAY_MS = 86_400_000;

/**
 * States that count as "finished by the agent": the outcome the agent recorded (what the
 * agent achieved with the person) or, where the agent also closed it, `closed`. Feedback and
 * evaluation are the city's steps and are not the agent's workload. An instruction counts
 * once per agent and day however many of these moves it saw.
 */
const FINISHING_STATES: string[] = [...OUTCOME_STATES, 'closed'];

/**
 * Per-agent workload of one Asia/Shanghai day for the agents of `unitIds`:
 * - calls: the agent's call records answered in the day (`answeredAt`, the workstation's clock);
 * - talk time: answered → ended of those that have ended (a negative span from a skewed
 *   clock counts as zero);
 * - instructions closed: from the audit trail's transitions by the agent in the day (server clock).
 */
export async function supervisorWorkload(orm: Orm, unitIds: string[], day: string, now: number): Promise<SupervisorWorkload> {
  const { from, to } = shanghaiDayBounds(day);
  const agents = await supervisedAgents(orm, unitIds);
  const ids = agents.map((a) => a.id);
  if (ids.length === 0) return { date: day, from, to, at: now, agents: [] };

  const calls = await orm
    .select({
      agentId: callRecords.agentId,
      calls: sql<number>`count(*)::int`,
      talkMs: sql<number>`coalesce(sum(greatest(0, ${callRecords.endedAt} - ${callRecords.answeredAt})) FILTER (WHERE ${callRecords.endedAt} IS NOT NULL), 0)::bigint`,
    })
    .from(callRecords)
    .where(
      and(
        // Org unit and start time bound the scan to the (org_unit_id, started_at) index; a call
        // answered in the day started at most a day before it (ringing and queueing are minutes).
        inArray(callRecords.orgUnitId, unitIds),
        gte(callRecords.startedAt, from - DAY_MS),
        lt(callRecords.startedAt, to),
        inArray(callRecords.agentId, ids),
        isNotNull(callRecords.answeredAt),
        gte(callRecords.answeredAt, from),
        lt(callRecords.answeredAt, to),
      ),
    )
    .groupBy(callRecords.agentId);

  const toState = sql<string>`${auditEvents.detail}->>'to'`;
  const finished = await orm
    .select({
      agentId: auditEvents.actorId,
      closed: sql<number>`count(DISTINCT ${auditEvents.target})::int`,
      dissuaded: sql<number>`count(DISTINCT ${auditEvents.target}) FILTER (WHERE ${toState} = 'dissuaded')::int`,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, 'warning.transition'),
        inArray(auditEvents.actorId, ids),
        gte(auditEvents.at, new Date(from)),
        lt(auditEvents.at, new Date(to)),
        inArray(toState, FINISHING_STATES),
      ),
    )
    .groupBy(auditEvents.actorId);

  const callsBy = new Map(calls.map((c) => [c.agentId, c]));
  const finishedBy = new Map(finished.map((f) => [f.agentId, f]));
  return {
    date: day,
    from,
    to,
    at: now,
    agents: agents.map((a) => ({
      ...a,
      calls: Number(callsBy.get(a.id)?.calls ?? 0),
      talkMs: Number(callsBy.get(a.id)?.talkMs ?? 0),
      instructionsClosed: Number(finishedBy.get(a.id)?.closed ?? 0),
      dissuaded: Number(finishedBy.get(a.id)?.dissuaded ?? 0),
    })),
    warningCallsByHour: await warningCallsByHour(orm, unitIds, from, to),
  };
}
