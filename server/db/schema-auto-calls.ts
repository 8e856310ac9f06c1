/**
 * Automatic warning-call tables (issue 19, migration 0010), kept apart from the core schema.
 * Re-exported by schema.ts, which drizzle-kit reads; import them from there.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { epochMs } from './columns';
import { warningInstructions } from './schema-warnings';

/** One instruction called automatically: its state, tries, next due time and the lease of the instance calling it (server/auto-call). */
export const autoCallJobs = pgTable(
  'auto_call_jobs',
  {
    instructionId: uuid('instruction_id')
      .primaryKey()
      .references(() => warningInstructions.id),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: epochMs('next_attempt_at').notNull(),
    claimedBy: text('claimed_by'),
    claimedUntil: epochMs('claimed_until'),
    lastOutcome: text('last_outcome'),
    /** Why an agent must take it (callback-requested, calls-exhausted:busy, …). */
    escalation: text('escalation'),
    /** First in an agent's queue (the person pressed 2). */
    priority: boolean('priority').notNull().default(false),
    /** The policy's calls in all when the job was made (migration 0013; null before it). */
    maxAttempts: integer('max_attempts'),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [
    index('auto_call_jobs_due_idx').on(t.status, t.nextAttemptAt),
    check('auto_call_jobs_status_check', sql`${t.status} in ('queued', 'acknowledged', 'sms-fallback', 'escalated', 'taken-over')`),
  ],
);

/** One automatic call and how it went (`result`: the agents' attempt code, null for a network failure). */
export const autoCallAttempts = pgTable(
  'auto_call_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instructionId: uuid('instruction_id')
      .notNull()
      .references(() => warningInstructions.id),
    at: epochMs('at').notNull(),
    number: text('number').notNull(),
    outcome: text('outcome').notNull(),
    result: text('result'),
    /** The caller instance (its lease token's owner), for tracing double calls. */
    caller: text('caller').notNull(),
  },
  (t) => [index('auto_call_attempts_instruction_idx').on(t.instructionId, t.at)],
);
