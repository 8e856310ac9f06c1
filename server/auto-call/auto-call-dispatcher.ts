import { sql } from 'drizzle-orm';
import { queryRows, type Orm } from '../db/database';
import { queueSms, smsBodyFor } from '../warnings/sms-outbox';
import type { FraudType } from '../../shared/schemas/template';
import { attemptResultOf, insideCallingHours, nextStep, type AutoCallOutcome, type AutoCallPolicy } from './auto-call-policy';
import type { CallEngine, CallRequest } from './call-engine';
import { confirmInstructionByCall } from './confirm-instruction';
import { publishInstructions } from '../warnings/warning-store';

/**
 * Automatic warning calls from the record store (issue 19), safe with several instances on
 * one PostgreSQL, on the lease pattern of the SMS outbox (server/warnings/sms-delivery.ts):
 *
 * 1. `enqueueAutoCalls` makes a job for every open, unassigned instruction the policy calls
 *    (idempotent: the job's key is the instruction), and marks jobs of instructions an agent
 *    took over as `taken-over`, so automatic work stops.
 * 2. `claimAutoCalls` takes due jobs under a transaction-scoped advisory lock (so the count of
 *    calls in progress, across instances, never passes `maxConcurrent`) with `SKIP LOCKED`,
 *    writes its token and lease end, and counts the try. Only inside calling hours.
 * 3. After the engine's call, `settleAutoCall` records the attempt and the next step in one
 *    transaction, only if the token still holds the lease (a late holder writes nothing).
 *
 * Times are the caller's clock in epoch ms (`now`), so tests pin it. A network failure is
 * counted as a try like busy (it keeps the retries bounded when the PBX is down).
 */

/** A claimed job: the instruction to call and which try this is (1-based). */
export interface ClaimedCall {
  instruction_id: string;
  attempts: number;
  phones: string[];
  fraud_type: FraudType;
  person_name: string;
}

/** States in which an instruction may still be called automatically. */
const OPEN_STATES = ['issued', 'signed-for', 'sms-sent'];

const textArray = (values: readonly string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/**
 * Step 1: jobs for new eligible instructions; `taken-over` for those an agent now holds;
 * `escalated` (with priority) for those regraded out of the automatic grades. Returns the jobs created.
 */
export async function enqueueAutoCalls(orm: Orm, policy: AutoCallPolicy, now: number): Promise<number> {
  if (policy.grades.length === 0) return 0;
  const types = policy.fraudTypes === null ? sql`true` : sql`wi.fraud_type = ANY(${textArray(policy.fraudTypes)})`;
  const created = await queryRows<{ instruction_id: string }>(
    orm,
    sql`INSERT INTO auto_call_jobs (instruction_id, next_attempt_at, updated_at, max_attempts)
        SELECT wi.id, ${now}, ${now}, ${policy.maxAttempts} FROM warning_instructions wi
        WHERE wi.grade = ANY(${textArray(policy.grades)}) AND ${types}
          AND wi.state = ANY(${textArray(OPEN_STATES)}) AND wi.assignee_id IS NULL
        ON CONFLICT (instruction_id) DO NOTHING
        RETURNING instruction_id`,
  );
  await orm.execute(sql`UPDATE auto_call_jobs j SET status = 'taken-over', claimed_by = NULL, claimed_until = NULL, updated_at = ${now}
      FROM warning_instructions wi
      WHERE wi.id = j.instruction_id AND j.status = 'queued' AND (j.claimed_until IS NULL OR j.claimed_until < ${now})
        AND (wi.assignee_id IS NOT NULL OR NOT (wi.state = ANY(${textArray(OPEN_STATES)})))`);
  // Risk rose while it was being called (regraded out of the automatic grades, e.g. low → high):
  // a machine no longer handles it; it goes first to the agents' queue. A call in progress finishes first.
  await orm.execute(sql`UPDATE auto_call_jobs j SET status = 'escalated', escalation = 'grade-raised:' || wi.grade, priority = true,
        claimed_by = NULL, claimed_until = NULL, updated_at = ${now}
      FROM warning_instructions wi
      WHERE wi.id = j.instruction_id AND j.status = 'queued' AND (j.claimed_until IS NULL OR j.claimed_until < ${now})
        AND NOT (wi.grade = ANY(${textArray(policy.grades)}))`);
  return created.length;
}

/** Advisory-lock key serialising claims (the concurrency count) across instances: "auto-call", issue 19. */
const CLAIM_LOCK = 190_019;

/** Step 2: claims up to `limit` due jobs for `token`, keeping calls in progress (all instances) ≤ maxConcurrent. */
export async function claimAutoCalls(orm: Orm, policy: AutoCallPolicy, token: string, leaseMs: number, now: number, limit: number): Promise<ClaimedCall[]> {
  if (!insideCallingHours(policy, now)) return [];
  return orm.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
    const [busy] = await queryRows<{ n: number }>(tx as unknown as Orm, sql`SELECT count(*)::int AS n FROM auto_call_jobs WHERE status = 'queued' AND claimed_until >= ${now}`);
    const room = Math.min(limit, policy.maxConcurrent - (busy?.n ?? 0));
    if (room <= 0) return [];
    return queryRows<ClaimedCall>(
      tx as unknown as Orm,
      sql`WITH taken AS (
            UPDATE auto_call_jobs SET claimed_by = ${token}, claimed_until = ${now + leaseMs}, attempts = attempts + 1, updated_at = ${now}
            WHERE instruction_id IN (
              SELECT j.instruction_id FROM auto_call_jobs j JOIN warning_instructions wi ON wi.id = j.instruction_id
              WHERE j.status = 'queued' AND j.next_attempt_at <= ${now}
                AND (j.claimed_by IS NULL OR j.claimed_until < ${now})
                AND wi.assignee_id IS NULL AND wi.state = ANY(${textArray(OPEN_STATES)})
              ORDER BY j.next_attempt_at, j.instruction_id
              LIMIT ${room}
              FOR UPDATE OF j SKIP LOCKED
            )
            RETURNING instruction_id, attempts
          )
          SELECT taken.instruction_id, taken.attempts, wi.phones, wi.fraud_type, wi.person_name
          FROM taken JOIN warning_instructions wi ON wi.id = taken.instruction_id`,
    );
  });
}

/** The number a try dials: the instruction's numbers in turn. */
export const numberFor = (call: ClaimedCall): string => call.phones[(call.attempts - 1) % call.phones.length] ?? '';

/**
 * What settling wrote; `lost` when the lease had passed to another instance (nothing written);
 * `taken-over` when an agent took the instruction over during the call (the attempt is
 * recorded, nothing else follows from it).
 */
export type SettleResult = 'acknowledged' | 'escalated' | 'sms-fallback' | 'retry' | 'lost' | 'taken-over';

/** Step 3: records the call's attempt and its next step, if `token` still holds the job. */
export async function settleAutoCall(orm: Orm, policy: AutoCallPolicy, call: ClaimedCall, token: string, outcome: AutoCallOutcome, now: number): Promise<SettleResult> {
  const step = nextStep(policy, outcome, call.attempts, now);
  return orm.transaction(async (tx) => {
    const db = tx as unknown as Orm;
    // The instruction's row first, then the job's: the order of a take-over (take-over.ts), so the two never deadlock.
    await db.execute(sql`SELECT id FROM warning_instructions WHERE id = ${call.instruction_id} FOR UPDATE`);
    const set =
      step.kind === 'acknowledged'
        ? sql`status = 'acknowledged'`
        : step.kind === 'retry'
          ? sql`next_attempt_at = ${step.at}`
          : step.kind === 'escalate'
            ? sql`status = 'escalated', escalation = ${step.reason}, priority = ${step.priority}`
            : sql`status = 'sms-fallback', escalation = ${step.reason}`;
    const held = await queryRows<{ instruction_id: string }>(
      db,
      sql`UPDATE auto_call_jobs SET ${set}, last_outcome = ${outcome}, claimed_by = NULL, claimed_until = NULL, updated_at = ${now}
          WHERE instruction_id = ${call.instruction_id} AND claimed_by = ${token} AND status = 'queued'
          RETURNING instruction_id`,
    );
    const recordAttempt = () =>
      db.execute(sql`INSERT INTO auto_call_attempts (instruction_id, at, number, outcome, result, caller)
          VALUES (${call.instruction_id}, ${now}, ${numberFor(call)}, ${outcome}, ${attemptResultOf(outcome)}, ${token})`);
    if (held.length === 0) {
      // Taken over while this call was in progress: the call was made, so it is on record; the agent decides what follows.
      const stopped = await queryRows<{ instruction_id: string }>(
        db,
        sql`UPDATE auto_call_jobs SET last_outcome = ${outcome}, claimed_by = NULL, claimed_until = NULL, updated_at = ${now}
            WHERE instruction_id = ${call.instruction_id} AND claimed_by = ${token} AND status = 'taken-over'
            RETURNING instruction_id`,
      );
      if (stopped.length === 0) return 'lost';
      await recordAttempt();
      await publishInstructions(db, [call.instruction_id]);
      return 'taken-over';
    }
    await recordAttempt();
    const result = await nextStepEffects(db, call, step, token, now);
    // The desks' synced queue shows the automatic work's progress (warning-store.ts, autoCall).
    await publishInstructions(db, [call.instruction_id]);
    return result;
  });
}

/** The side effects of the step after a settled call (inside the settling transaction). */
async function nextStepEffects(db: Orm, call: ClaimedCall, step: ReturnType<typeof nextStep>, token: string, now: number): Promise<SettleResult> {
  if (step.kind === 'sms-then-escalate') {
    const body = await smsBodyFor(db, 'sms.missed-warning-call', {});
    // No usable template: straight to an agent (the reason says why).
    if (!body.ok) {
      await db.execute(sql`UPDATE auto_call_jobs SET status = 'escalated', escalation = ${`${step.reason}; no sms: ${body.reason}`} WHERE instruction_id = ${call.instruction_id}`);
      return 'escalated';
    }
    await queueSms(db, { instructionId: call.instruction_id, toNumber: numberFor(call), body: body.body, templateKey: 'sms.missed-warning-call', automatic: true, requestedBy: null });
    return 'sms-fallback';
  }
  // Key 1: the instruction takes the agents' "dissuaded" outcome (the state machine decides).
  if (step.kind === 'acknowledged') await confirmInstructionByCall(db, call.instruction_id, now, token);
  return step.kind === 'escalate' ? 'escalated' : step.kind;
}

export interface AutoCallRunOptions {
  policy: AutoCallPolicy;
  engine: CallEngine;
  /** WAV for a fraud type (warning-message.ts, cached). */
  audioFor: (fraudType: FraudType) => Promise<string>;
  now?: () => number;
  /** The instance's token (its claims' owner). */
  token?: string;
  callTimeoutMs?: number;
  presentedNumber?: string;
  signal?: AbortSignal;
  /** How often a call in progress checks it was not taken over (default 1000 ms). */
  watchMs?: number;
}

/** One pass: enqueue, claim what room allows, call all claimed in parallel, settle each. Returns the settle results. */
export async function runAutoCallPass(orm: Orm, options: AutoCallRunOptions): Promise<SettleResult[]> {
  const now = options.now ?? Date.now;
  const token = options.token ?? crypto.randomUUID();
  const timeoutMs = options.callTimeoutMs ?? 90_000;
  await enqueueAutoCalls(orm, options.policy, now());
  const claimed = await claimAutoCalls(orm, options.policy, token, timeoutMs + 30_000, now(), options.policy.maxConcurrent);
  return Promise.all(
    claimed.map(async (call) => {
      let outcome: AutoCallOutcome;
      try {
        const audioFile = await options.audioFor(call.fraud_type);
        // Rendering the message may take a moment: an agent who took the instruction over meanwhile is not dialled over.
        if (!(await stillHeld(orm, call, token))) return releaseUndialled(orm, call, token, now());
        outcome = await callWatched(orm, options, call, token, { to: numberFor(call), presentedNumber: options.presentedNumber ?? '96110', audioFile, timeoutMs });
      } catch {
        outcome = 'network-failure';
      }
      return settleAutoCall(orm, options.policy, call, token, outcome, now());
    }),
  );
}

/** Whether `token` still holds the job to call (not taken over, nobody signed for the instruction, lease not passed on). */
export async function stillHeld(orm: Orm, call: ClaimedCall, token: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    orm,
    sql`SELECT 1 AS one FROM auto_call_jobs j JOIN warning_instructions wi ON wi.id = j.instruction_id
        WHERE j.instruction_id = ${call.instruction_id} AND j.claimed_by = ${token} AND j.status = 'queued' AND wi.assignee_id IS NULL`,
  );
  return rows.length > 0;
}

/** A claimed call that was never dialled (taken over first): the claim is let go and the try not counted. */
async function releaseUndialled(orm: Orm, call: ClaimedCall, token: string, now: number): Promise<SettleResult> {
  const rows = await queryRows<{ status: string }>(
    orm,
    sql`UPDATE auto_call_jobs SET claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1, updated_at = ${now}
        WHERE instruction_id = ${call.instruction_id} AND claimed_by = ${token} RETURNING status`,
  );
  if (rows[0]?.status === 'taken-over') {
    await publishInstructions(orm, [call.instruction_id]);
    return 'taken-over';
  }
  return 'lost';
}

/**
 * The engine's call, hung up early when an agent takes the instruction over meanwhile (checked
 * every `watchMs`, default 1 s): automatic work stops at once, not when the message ends.
 */
async function callWatched(orm: Orm, options: AutoCallRunOptions, call: ClaimedCall, token: string, request: Omit<CallRequest, 'signal'>): Promise<AutoCallOutcome> {
  const abort = new AbortController();
  const stopOuter = () => abort.abort();
  options.signal?.addEventListener('abort', stopOuter, { once: true });
  let watching = true;
  let checking: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    checking = stillHeld(orm, call, token).then(
      (held) => {
        if (watching && !held) abort.abort();
      },
      () => undefined,
    );
  }, options.watchMs ?? 1_000);
  try {
    return await options.engine.call({ ...request, signal: abort.signal });
  } finally {
    watching = false;
    clearInterval(timer);
    options.signal?.removeEventListener('abort', stopOuter);
    // A check still in flight must not outlive the pass (the database may be closed next).
    await checking;
  }
}
