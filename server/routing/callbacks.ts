import { sql } from 'drizzle-orm';
import type { CallbackAttempt, OpenCallback } from '../../shared/schemas/callback';
import { normalizeNumber } from '../../shared/phone/normalize';
import { queryRows, type Orm } from '../db/database';

interface Row {
  number: string;
  missed: number;
  first_missed: number;
  last_missed: number;
  longest_wait: number;
  attempts: number;
  last_attempt_at: number | null;
  last_attempt_result: string | null;
}

/**
 * Numbers with abandoned 96110 calls after the later of their last answered call and their
 * last call-back that reached them (`missed`, one row per number), as a WITH clause.
 */
const MISSED = sql.raw(`WITH closed AS (
          SELECT caller, max(at) AS at FROM (
            SELECT caller, answered_at AS at FROM routing_calls WHERE state = 'answered'
            UNION ALL SELECT caller, at FROM callback_attempts WHERE result = 'reached'
          ) x GROUP BY caller
        ), missed AS (
          SELECT c.caller, count(*)::int AS missed, min(c.ended_at)::float8 AS first_missed, max(c.ended_at)::float8 AS last_missed,
                 max(c.ended_at - c.arrived_at)::float8 AS longest_wait
          FROM routing_calls c LEFT JOIN closed ON closed.caller = c.caller
          WHERE c.state = 'abandoned' AND c.caller <> '' AND (closed.at IS NULL OR c.ended_at > closed.at)
          GROUP BY c.caller
        )`);

/**
 * The open call-backs, most recent first: numbers with abandoned 96110 calls after the later
 * of their last answered call and their last call-back that reached them. Derived from the
 * routing log and the attempts, so nothing can drift out of step.
 */
export async function openCallbacks(orm: Orm, limit = 200): Promise<OpenCallback[]> {
  const rows = await queryRows<Row>(
    orm,
    sql`${MISSED}
        SELECT m.caller AS number, m.missed, m.first_missed, m.last_missed, m.longest_wait,
               (SELECT count(*)::int FROM callback_attempts a WHERE a.caller = m.caller AND a.at >= m.first_missed) AS attempts,
               la.at::float8 AS last_attempt_at, la.result AS last_attempt_result
        FROM missed m
        LEFT JOIN LATERAL (SELECT at, result FROM callback_attempts a WHERE a.caller = m.caller AND a.at >= m.first_missed ORDER BY at DESC LIMIT 1) la ON true
        ORDER BY m.last_missed DESC
        LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    number: r.number,
    missedCount: r.missed,
    firstMissedAt: Number(r.first_missed),
    lastMissedAt: Number(r.last_missed),
    longestWaitMs: Number(r.longest_wait),
    overseas: normalizeNumber(r.number).overseas,
    attempts: r.attempts,
    lastAttempt: r.last_attempt_at === null ? null : { at: Number(r.last_attempt_at), result: r.last_attempt_result as CallbackAttempt['result'] },
  }));
}

/** How many numbers have an open call-back (the supervisor's live queue figure; no numbers read). */
export async function openCallbackCount(orm: Orm): Promise<number> {
  const [row] = await queryRows<{ open: number }>(orm, sql`${MISSED} SELECT count(*)::int AS open FROM missed`);
  return row?.open ?? 0;
}

/** Records one call-back attempt by `agentUserId`; a `reached` attempt closes the number's entry. */
export async function recordCallbackAttempt(orm: Orm, agentUserId: string, attempt: CallbackAttempt, now: number): Promise<void> {
  await orm.execute(sql`INSERT INTO callback_attempts (caller, agent_user_id, at, result) VALUES (${attempt.number}, ${agentUserId}, ${now}, ${attempt.result})`);
}
