/**
 * The record store's tables (design.md §5). drizzle-kit generates the SQL migrations in
 * ./migrations from this file; change it, then `npm run db:generate` and commit both.
 *
 * Time columns: instants a client observed (call start, note creation) are epoch-ms
 * `bigint`s exactly as the client sent them; instants the server decides (sessions,
 * audit, change log) are `timestamptz` from the database clock, so several stateless
 * instances agree on them.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, epochMs } from './columns';


/** City centre, district centre or police station; every read and write is scoped by one. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable human code (e.g. `sz-city`), unique; seeding and imports key on it. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    parentId: uuid('parent_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('org_units_code_key').on(t.code), index('org_units_parent_idx').on(t.parentId), check('org_units_kind_check', sql`${t.kind} in ('city', 'district', 'station')`)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    displayName: text('display_name').notNull(),
    sipExtension: text('sip_extension'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Set by an admin: the user cannot sign in and every session of theirs is gone. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(t.username),
    check('users_role_check', sql`${t.role} in ('call-taker', 'warning-officer', 'supervisor', 'station-officer', 'admin', 'auditor')`),
  ],
);

/** Opaque bearer tokens; only their SHA-256 is stored, so a leaked table grants nothing. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const callRecords = pgTable(
  'call_records',
  {
    id: uuid('id').primaryKey(),
    sipCallId: text('sip_call_id').notNull(),
    direction: text('direction').notNull(),
    remoteNumber: text('remote_number').notNull(),
    dialedNumber: text('dialed_number').notNull(),
    startedAt: epochMs('started_at').notNull(),
    answeredAt: epochMs('answered_at'),
    endedAt: epochMs('ended_at'),
    endReason: text('end_reason'),
    /** The agent who logged the call; only they may change its call facts. */
    agentId: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** change_log seq of the last change to this record. */
    updatedSeq: bigint('updated_seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('call_records_org_started_idx').on(t.orgUnitId, t.startedAt), index('call_records_remote_idx').on(t.remoteNumber)],
);

export const noteSegments = pgTable(
  'note_segments',
  {
    id: uuid('id').primaryKey(),
    callRecordId: uuid('call_record_id')
      .notNull()
      .references(() => callRecords.id),
    idx: integer('idx').notNull(),
    text: text('text').notNull(),
    createdAt: epochMs('created_at').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    /** change_log seq that published this segment; a re-sent identical segment reports it. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('note_segments_call_idx').on(t.callRecordId, t.idx)],
);

/** One row per mutation id ever seen: the exactly-once ledger (design.md §4). */
export const appliedMutations = pgTable('applied_mutations', {
  mutationId: uuid('mutation_id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  clientId: uuid('client_id').notNull(),
  name: text('name').notNull(),
  /** The MutationResult returned the first time; replays return it verbatim. */
  result: jsonb('result').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  /** The client's outbox number for it, when the client sends one (retention, migration 0012). */
  clientSeq: bigint('client_seq', { mode: 'number' }),
});

/** What pull serves: every applied change in server order; `data` null is a tombstone. */
export const changeLog = pgTable(
  'change_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    orgUnitId: uuid('org_unit_id').notNull(),
    data: jsonb('data'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  // entity_id: a write to a deleted follow-up looks for its tombstone (and compaction for older rows).
  // The partial tombstone index lets compaction find old tombstones without scanning the log (0009).
  (t) => [
    index('change_log_org_seq_idx').on(t.orgUnitId, t.seq),
    index('change_log_entity_idx').on(t.entityId),
    index('change_log_tombstone_idx').on(t.seq).where(sql`${t.data} IS NULL OR ${t.data} = 'null'::jsonb`),
  ],
);

/** Append-only (a trigger refuses UPDATE and DELETE): who did what, when, from where. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    target: text('target'),
    detail: jsonb('detail'),
    ip: text('ip'),
  },
  (t) => [index('audit_events_at_idx').on(t.at), index('audit_events_actor_idx').on(t.actorId, t.at), index('audit_events_action_idx').on(t.action, t.id)],
);

/**
 * Small key/value facts about the change log, e.g. `tombstones_purged_through`: the highest
 * seq whose tombstone compaction removed; a pull from a cursor below it gets 409.
 */
export const syncState = pgTable('sync_state', {
  key: text('key').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

/**
 * A case: one per handled call (or opened by hand). Common facts are columns; the call
 * type's own section lives in `fields`, merged per field in server order (last writer wins).
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    /** The call this case was opened for, if any (screen-pop is bound to its SIP Call-ID). */
    callRecordId: uuid('call_record_id').references(() => callRecords.id),
    callType: text('call_type').notNull(),
    /** draft | final */
    status: text('status').notNull().default('draft'),
    disposition: text('disposition'),
    fraudType: text('fraud_type'),
    /** The caller's normalised number, for history look-ups. */
    callerNumber: text('caller_number'),
    fields: jsonb('fields').notNull().default({}),
    createdAt: epochMs('created_at').notNull(),
    finalisedAt: epochMs('finalised_at'),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => users.id),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    updatedSeq: bigint('updated_seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('cases_org_created_idx').on(t.orgUnitId, t.createdAt),
    index('cases_caller_idx').on(t.callerNumber),
    index('cases_call_record_idx').on(t.callRecordId),
    check('cases_status_check', sql`${t.status} in ('draft', 'final')`),
  ],
);

/** Each agent's current state (ready, not ready with a reason, on call, after-call work, offline). */
export const agentStatus = pgTable('agent_status', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  state: text('state').notNull(),
  reason: text('reason'),
  /** Client clock when the agent entered the state. */
  since: epochMs('since').notNull(),
  orgUnitId: uuid('org_unit_id')
    .notNull()
    .references(() => orgUnits.id),
  updatedSeq: bigint('updated_seq', { mode: 'number' }).notNull(),
});

/**
 * A freeze / stop-payment measure on an account, ingested from the authorities' batches
 * (domain.md 冻结查询). Look-up numbers are stored normalised (no spaces or dashes, upper-case
 * X) so every look-up is an exact index match; indexes are sized for millions of rows.
 */
export const freezeRecords = pgTable(
  'freeze_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    holderName: text('holder_name').notNull(),
    idNumber: text('id_number'),
    phone: text('phone'),
    accountKind: text('account_kind').notNull(),
    accountNumber: text('account_number').notNull(),
    institution: text('institution').notNull(),
    measureType: text('measure_type').notNull(),
    authority: text('authority').notNull(),
    authorityPhone: text('authority_phone').notNull(),
    noticeNumber: text('notice_number').notNull(),
    startsAt: epochMs('starts_at').notNull(),
    expiresAt: epochMs('expires_at'),
    holderRole: text('holder_role').notNull(),
    status: text('status').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('freeze_records_source_key').on(t.source, t.sourceId),
    index('freeze_records_account_idx').on(t.accountNumber),
    index('freeze_records_id_number_idx').on(t.idNumber),
    index('freeze_records_phone_idx').on(t.phone),
    // Name + last digits: the name narrows, the last 4 digits make it an index match.
    index('freeze_records_name_account_tail_idx').on(t.holderName, sql`right(${t.accountNumber}, 4)`),
    index('freeze_records_name_id_tail_idx').on(t.holderName, sql`right(${t.idNumber}, 4)`),
    check('freeze_records_measure_check', sql`${t.measureType} in ('protective-stop-payment', 'emergency-stop-payment', 'freeze', 'bank-risk-control')`),
    check('freeze_records_role_check', sql`${t.holderRole} in ('victim', 'payee')`),
    check('freeze_records_status_check', sql`${t.status} in ('active', 'released', 'expired')`),
  ],
);

/** Conversation and SMS templates: every admin edit is a new row (key, version); nothing is overwritten. */
export const templates = pgTable(
  'templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    channel: text('channel').notNull(),
    scenario: text('scenario').notNull(),
    fraudType: text('fraud_type'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    /** Null for the built-in starter set. */
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('templates_key_version_key').on(t.key, t.version), check('templates_channel_check', sql`${t.channel} in ('script', 'sms')`)],
);

export * from './schema-warnings';
export * from './schema-follow-ups';
export * from './schema-routing';
export * from './schema-auto-calls';
export * from './schema-sip-accounts';
export * from './schema-sync-clients';
