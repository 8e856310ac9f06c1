import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './schema';
import { epochMs } from './columns';

/**
 * Call routing (issue 16, migration 0008): one row per 96110 call the PBX asked about.
 * Times are the record store's clock (epoch ms), so every instance orders calls alike.
 */
export const routingCalls = pgTable(
  'routing_calls',
  {
    /** The SIP Call-ID of the caller's INVITE at the PBX. */
    callId: text('call_id').primaryKey(),
    caller: text('caller').notNull(),
    state: text('state').notNull().default('waiting'),
    arrivedAt: epochMs('arrived_at').notNull(),
    /** Last time the PBX asked for this call: a waiting call not seen for a while is gone. */
    lastSeenAt: epochMs('last_seen_at').notNull(),
    agentUserId: uuid('agent_user_id').references(() => users.id),
    offers: integer('offers').notNull().default(0),
    answeredAt: epochMs('answered_at'),
    endedAt: epochMs('ended_at'),
    /** Where an abandoned caller gave up: in the queue or while an agent rang. */
    abandonedWhile: text('abandoned_while'),
  },
  (t) => [
    index('routing_calls_state_arrived_idx').on(t.state, t.arrivedAt),
    index('routing_calls_arrived_idx').on(t.arrivedAt),
    index('routing_calls_caller_idx').on(t.caller),
    check('routing_calls_state_check', sql`${t.state} in ('waiting', 'offered', 'answered', 'abandoned', 'overflow')`),
    check('routing_calls_abandoned_while_check', sql`${t.abandonedWhile} is null or ${t.abandonedWhile} in ('queue', 'ringing')`),
  ],
);

/** Per agent: reservation for one offered call, busy after answering a routed call, rest after a missed offer. */
export const agentRouting = pgTable('agent_routing', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  reservedCallId: text('reserved_call_id'),
  reservedUntil: epochMs('reserved_until'),
  /** `agent_status.updated_seq` when the agent answered a routed call: busy until it moves past it. */
  busyStatusSeq: bigint('busy_status_seq', { mode: 'number' }),
  skipUntil: epochMs('skip_until'),
  /** `agent_status.updated_seq` at the missed offer: any later state change ends the rest early. */
  skipStatusSeq: bigint('skip_status_seq', { mode: 'number' }),
});

/** Each call-back attempt to a missed caller and its result. */
export const callbackAttempts = pgTable(
  'callback_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caller: text('caller').notNull(),
    agentUserId: uuid('agent_user_id')
      .notNull()
      .references(() => users.id),
    at: epochMs('at').notNull(),
    result: text('result').notNull(),
  },
  (t) => [index('callback_attempts_caller_idx').on(t.caller, t.at), check('callback_attempts_result_check', sql`${t.result} in ('reached', 'no-answer', 'busy', 'failed')`)],
);
