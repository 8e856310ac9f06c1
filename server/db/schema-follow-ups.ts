/**
 * Follow-ups (回访/跟进) and the shared rate-limit counters, kept apart from the core schema
 * to keep files small. Re-exported by schema.ts, which drizzle-kit reads; import them from there.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { epochMs } from './columns';
import { orgUnits, users } from './schema';

/**
 * A promised call-back or check on a caller (counselling follow-up, freeze-inquiry callback):
 * synced like cases (client-generated id, change log per org unit). Deleting one leaves a
 * tombstone in the change log, so every replica drops it.
 */
export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid('id').primaryKey(),
    /** The case it came from, if any. */
    caseId: uuid('case_id'),
    callRecordId: uuid('call_record_id'),
    /** The normalised number to call back. */
    callerNumber: text('caller_number'),
    /** Client-clock epoch ms when the reminder is due. */
    dueAt: epochMs('due_at').notNull(),
    note: text('note').notNull().default(''),
    /** open | done | cancelled */
    state: text('state').notNull().default('open'),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    createdAt: epochMs('created_at').notNull(),
    doneAt: epochMs('done_at'),
    updatedSeq: bigint('updated_seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('follow_ups_org_due_idx').on(t.orgUnitId, t.dueAt),
    index('follow_ups_assignee_idx').on(t.assigneeId, t.state),
    check('follow_ups_state_check', sql`${t.state} in ('open', 'done', 'cancelled')`),
  ],
);

/**
 * Fixed-window request counters shared by every record-store instance on one database,
 * so a city's several instances enforce one login rate limit, not one each.
 */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limit_hits_window_idx').on(t.windowStart)],
);
