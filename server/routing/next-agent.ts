import { sql } from 'drizzle-orm';
import type { RoutingDecision, RoutingNextRequest } from '../../shared/schemas/routing';
import { queryRows, type Orm } from '../db/database';
import type { RoutingConfig } from './routing-config';

/** A waiting call the PBX has not asked about for this many retries is treated as gone. */
export const STALE_RETRIES = 5;
/** Headroom over the ring time before a reservation lapses on its own (the PBX never reported). */
const RESERVATION_SLACK_MS = 5_000;

interface Candidate {
  user_id: string;
  sip_extension: string;
}

/**
 * The routing decision for one call: the longest-idle (or least busy today) agent who is
 * ready, has an extension, is not reserved for another call, not resting after a missed
 * offer and not still on a routed call they answered, reserved for this call atomically.
 * Calls are served in arrival order: a call waits while older live calls outnumber the
 * free agents. After `maxWaitMs` in the queue the call overflows.
 *
 * Atomicity: the reservation is a conditional upsert of the agent's `agent_routing` row; on
 * PostgreSQL a concurrent reserver blocks on that row and re-checks the condition against the
 * committed version, so two calls can never hold the same agent (PGlite runs one at a time).
 */
export async function nextAgent(orm: Orm, config: RoutingConfig, request: RoutingNextRequest): Promise<RoutingDecision> {
  const now = config.now();
  return orm.transaction(async (tx) => {
    const [call] = await queryRows<{ arrived_at: number; state: string }>(
      tx,
      sql`INSERT INTO routing_calls (call_id, caller, arrived_at, last_seen_at) VALUES (${request.callId}, ${request.caller}, ${now}, ${now})
          ON CONFLICT (call_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
          RETURNING arrived_at::float8 AS arrived_at, state`,
    );
    if (!call) throw new Error('routing call upsert returned nothing');
    // The caller hung up while queued (the PBX reported it from the CANCEL): end the wait.
    if (call.state === 'abandoned' || call.state === 'answered') return { decision: 'gone' };
    // Asking again means the previous offer (if any) is over: free that agent.
    await releaseReservation(tx, request.callId);
    if (call.state === 'overflow' || (config.maxWaitMs > 0 && now - call.arrived_at >= config.maxWaitMs)) {
      await tx.execute(sql`UPDATE routing_calls SET state = 'overflow', ended_at = ${now}, agent_user_id = NULL WHERE call_id = ${request.callId}`);
      return { decision: 'overflow', target: config.overflowTarget };
    }
    await tx.execute(sql`UPDATE routing_calls SET state = 'waiting', agent_user_id = NULL WHERE call_id = ${request.callId}`);

    const liveSince = now - STALE_RETRIES * config.retryMs;
    const [ahead] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM routing_calls
          WHERE state = 'waiting' AND last_seen_at >= ${liveSince} AND call_id <> ${request.callId}
            AND (arrived_at < ${call.arrived_at} OR (arrived_at = ${call.arrived_at} AND call_id < ${request.callId}))`,
    );
    const older = ahead?.n ?? 0;
    const candidates = await readyAgents(tx, config, request.caller, now, older + 5);
    if (candidates.length > older) {
      for (const agent of candidates) {
        if (await reserve(tx, agent.user_id, request.callId, now, now + config.ringMs + RESERVATION_SLACK_MS)) {
          await tx.execute(sql`UPDATE routing_calls SET state = 'offered', agent_user_id = ${agent.user_id}, offers = offers + 1 WHERE call_id = ${request.callId}`);
          return { decision: 'offer', extension: agent.sip_extension, agentId: agent.user_id, ringMs: config.ringMs };
        }
      }
    }
    return { decision: 'wait', retryMs: config.retryMs, position: older + 1 };
  });
}

/** Ready agents free to take a call now, best first by the configured strategy. */
async function readyAgents(tx: Orm, config: RoutingConfig, caller: string, now: number, limit: number): Promise<Candidate[]> {
  const order =
    config.strategy === 'fewest-calls'
      ? sql`(SELECT count(*) FROM routing_calls c WHERE c.agent_user_id = s.user_id AND c.state = 'answered' AND c.answered_at >= ${startOfShanghaiDay(now)}) ASC, s.since ASC`
      : sql`s.since ASC`;
  return queryRows<Candidate>(
    tx,
    sql`SELECT s.user_id, u.sip_extension FROM agent_status s
          JOIN users u ON u.id = s.user_id
          LEFT JOIN agent_routing r ON r.user_id = s.user_id
        WHERE s.state = 'ready' AND u.sip_extension IS NOT NULL AND u.disabled_at IS NULL AND u.sip_extension <> ${caller}
          AND (r.reserved_until IS NULL OR r.reserved_until <= ${now})
          AND (r.skip_until IS NULL OR r.skip_until <= ${now} OR s.updated_seq > r.skip_status_seq)
          AND (r.busy_status_seq IS NULL OR s.updated_seq > r.busy_status_seq)
        ORDER BY ${order}, u.sip_extension
        LIMIT ${limit}`,
  );
}

/** Reserves the agent for the call unless another call holds them; true when this call got them. */
async function reserve(tx: Orm, userId: string, callId: string, now: number, until: number): Promise<boolean> {
  const rows = await queryRows<{ user_id: string }>(
    tx,
    sql`INSERT INTO agent_routing (user_id, reserved_call_id, reserved_until) VALUES (${userId}, ${callId}, ${until})
        ON CONFLICT (user_id) DO UPDATE SET reserved_call_id = excluded.reserved_call_id, reserved_until = excluded.reserved_until
        WHERE agent_routing.reserved_until IS NULL OR agent_routing.reserved_until <= ${now}
        RETURNING user_id`,
  );
  return rows.length === 1;
}

/** Frees whichever agent is reserved for the call. */
export async function releaseReservation(tx: Orm, callId: string): Promise<void> {
  await tx.execute(sql`UPDATE agent_routing SET reserved_call_id = NULL, reserved_until = NULL WHERE reserved_call_id = ${callId}`);
}

/** Midnight in Asia/Shanghai (UTC+8, no daylight saving) of the day containing `now`. */
export function startOfShanghaiDay(now: number): number {
  const offset = 8 * 3_600_000;
  return Math.floor((now + offset) / 86_400_000) * 86_400_000 - offset;
}
