/**
 * Warning-instruction tables (issue 7), kept apart from the core schema to keep files small.
 * Re-exported by schema.ts, which drizzle-kit reads; import them from there.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, epochMs } from './columns';
import { orgUnits, users } from './schema';

/**
 * Warning instructions (预警指令) from the city platform: one row per platform `source_id`.
 * Attempts, relatives' contacts and visits are their own tables; the server's state
 * machine (server/warnings/state-machine.ts) is the only writer of `state`.
 */
export const warningInstructions = pgTable(
  'warning_instructions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: text('source_id').notNull(),
    grade: text('grade').notNull(),
    personName: text('person_name').notNull(),
    phones: jsonb('phones').$type<string[]>().notNull(),
    idNumber: text('id_number'),
    fraudType: text('fraud_type').notNull(),
    summary: text('summary').notNull().default(''),
    issuedAt: epochMs('issued_at').notNull(),
    /** The responsible unit (a district centre, or the city centre itself). */
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    assigneeId: uuid('assignee_id').references(() => users.id),
    state: text('state').notNull().default('issued'),
    /** Server-clock epoch ms when `state` was entered. */
    stateAt: epochMs('state_at').notNull(),
    gradeHistory: jsonb('grade_history').$type<Array<{ from: string; to: string; at: number; by: string; reason: string }>>().notNull().default([]),
    voidReason: text('void_reason'),
    feedback: text('feedback'),
    evaluation: jsonb('evaluation').$type<{ rating: string; comment: string; by: string; at: number }>(),
    /** The fraud-report case opened when the outcome was "defrauded" (the case lives in `cases`). */
    fraudReportCaseId: uuid('fraud_report_case_id'),
    createdAt: createdAt(),
    updatedSeq: bigint('updated_seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('warning_instructions_source_key').on(t.sourceId),
    index('warning_instructions_org_state_idx').on(t.orgUnitId, t.state),
    // History search by resident ID number.
    index('warning_instructions_id_number_idx').on(t.idNumber),
    check('warning_instructions_grade_check', sql`${t.grade} in ('extreme', 'high', 'medium', 'low')`),
  ],
);

/** One try at reaching the person: a call (with its call record when dialled here), an SMS, a visit. */
export const warningAttempts = pgTable(
  'warning_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instructionId: uuid('instruction_id')
      .notNull()
      .references(() => warningInstructions.id),
    at: epochMs('at').notNull(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    channel: text('channel').notNull(),
    number: text('number').notNull(),
    result: text('result').notNull(),
    callRecordId: uuid('call_record_id'),
  },
  (t) => [index('warning_attempts_instruction_idx').on(t.instructionId, t.at)],
);

/** Relatives and friends reached when the person will not listen (relation, name, number, result). */
export const warningContacts = pgTable(
  'warning_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instructionId: uuid('instruction_id')
      .notNull()
      .references(() => warningInstructions.id),
    at: epochMs('at').notNull(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    relation: text('relation').notNull(),
    name: text('name').notNull(),
    number: text('number').notNull(),
    result: text('result').notNull(),
  },
  (t) => [index('warning_contacts_instruction_idx').on(t.instructionId)],
);

/** A face-to-face visit dispatched to a police station; the station records it and returns it. */
export const warningVisits = pgTable(
  'warning_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instructionId: uuid('instruction_id')
      .notNull()
      .references(() => warningInstructions.id),
    stationUnitId: uuid('station_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    dispatchedAt: epochMs('dispatched_at').notNull(),
    dispatchedBy: uuid('dispatched_by')
      .notNull()
      .references(() => users.id),
    officer: text('officer'),
    metAt: epochMs('met_at'),
    place: text('place'),
    result: text('result'),
    returnedAt: epochMs('returned_at'),
  },
  (t) => [index('warning_visits_instruction_idx').on(t.instructionId), index('warning_visits_station_idx').on(t.stationUnitId, t.returnedAt)],
);

/** Outgoing SMS, written in the transaction that decides to send; a dispatcher hands them to the provider. */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instructionId: uuid('instruction_id').references(() => warningInstructions.id),
    toNumber: text('to_number').notNull(),
    body: text('body').notNull(),
    templateKey: text('template_key').notNull(),
    /** Sent by the automatic low-grade rule rather than a person. */
    automatic: boolean('automatic').notNull().default(false),
    requestedBy: uuid('requested_by').references(() => users.id),
    status: text('status').notNull().default('queued'),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The dispatcher instance holding the message while it talks to the gateway (a lease). */
    claimedBy: text('claimed_by'),
    /** Lease end: after it, a claim whose holder died may be taken again. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    /** Provider calls made so far, across claims. */
    attempts: integer('attempts').notNull().default(0),
    /** Earliest time a queued message may be tried (again); null = now. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  },
  (t) => [index('sms_outbox_status_idx').on(t.status, t.createdAt), check('sms_outbox_status_check', sql`${t.status} in ('queued', 'sent', 'failed')`)],
);

/** What the development SMS provider "delivered": read by tests and demos instead of a real gateway. */
export const smsDevMessages = pgTable('sms_dev_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  toNumber: text('to_number').notNull(),
  body: text('body').notNull(),
  outboxId: uuid('outbox_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});
