import { sql } from 'drizzle-orm';
import type { RoutingReport } from '../../shared/schemas/routing';
import { queryRows, type Orm } from '../db/database';
import type { RoutingConfig } from './routing-config';
import { releaseReservation } from './next-agent';

/**
 * Applies what the PBX reports about a call: `answered` (the agent is busy until their state
 * moves on, so a slow sync of 通话中 cannot route a second call to them), `no-answer` (the
 * agent rests for `missedRestMs` or until they change state, the call waits again) or `abandoned` (the caller gave up in
 * the queue or while ringing: a missed call for the call-back list). Unknown calls are
 * ignored (false), so a late or repeated report changes nothing.
 */
export async function reportOutcome(orm: Orm, config: RoutingConfig, report: RoutingReport): Promise<boolean> {
  const now = config.now();
  return orm.transaction(async (tx) => {
    const [call] = await queryRows<{ state: string; agent_user_id: string | null }>(
      tx,
      sql`SELECT state, agent_user_id FROM routing_calls WHERE call_id = ${report.callId} FOR UPDATE`,
    );
    if (!call || call.state === 'answered' || call.state === 'abandoned' || call.state === 'overflow') return false;
    await releaseReservation(tx, report.callId);
    const agentId = call.agent_user_id;
    switch (report.outcome) {
      case 'answered':
        await tx.execute(sql`UPDATE routing_calls SET state = 'answered', answered_at = ${now} WHERE call_id = ${report.callId}`);
        if (agentId) {
          await tx.execute(
            sql`INSERT INTO agent_routing (user_id, busy_status_seq)
                VALUES (${agentId}, COALESCE((SELECT updated_seq FROM agent_status WHERE user_id = ${agentId}), 0))
                ON CONFLICT (user_id) DO UPDATE SET busy_status_seq = excluded.busy_status_seq`,
          );
        }
        return true;
      case 'no-answer':
        await tx.execute(sql`UPDATE routing_calls SET state = 'waiting', agent_user_id = NULL WHERE call_id = ${report.callId}`);
        if (agentId) {
          await tx.execute(
            sql`INSERT INTO agent_routing (user_id, skip_until, skip_status_seq)
                VALUES (${agentId}, ${now + config.missedRestMs}, COALESCE((SELECT updated_seq FROM agent_status WHERE user_id = ${agentId}), 0))
                ON CONFLICT (user_id) DO UPDATE SET skip_until = excluded.skip_until, skip_status_seq = excluded.skip_status_seq`,
          );
        }
        return true;
      case 'abandoned':
        await tx.execute(
          sql`UPDATE routing_calls SET state = 'abandoned', ended_at = ${now},
                abandoned_while = ${call.state === 'offered' ? 'ringing' : 'queue'}
              WHERE call_id = ${report.callId}`,
        );
        return true;
    }
  });
}
