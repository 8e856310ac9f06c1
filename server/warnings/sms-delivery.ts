import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { queryRows, type Orm } from '../db/database';
import { smsOutbox } from '../db/schema';
import { isRetryable, type SmsProvider } from './sms-provider';

/**
 * Handing queued SMS to a provider, safely from several record-store instances at once.
 *
 * A claim is one provider call. One statement (`FOR UPDATE SKIP LOCKED`, so two instances
 * never pick the same row and never wait on each other) takes a due message (`queued`, its
 * `next_attempt_at` passed, unclaimed or its lease over), sets `claimed_by` to the drain's
 * token and `claimed_until` to the lease end, and counts the call in `attempts`. Only the
 * token's holder may settle it: sent (`provider`, `provider_message_id`, `sent_at`), failed,
 * or given back to the queue with `next_attempt_at` after a retryable failure (backoff doubled
 * per attempt). Every settle clears the claim. No transaction is held while the provider is called.
 *
 * Attempts are counted across claims, so retries may be made by any instance and `maxAttempts`
 * bounds them all. A holder that dies mid-call keeps its claim until the lease ends; then the
 * message is taken again (its call counted): delivery is at least once in that one case, and
 * the outbox id goes to the gateway as an idempotency key for it. A late holder's settle
 * changes nothing once another instance has claimed the message.
 */
export interface DeliveryPolicy {
  /** Provider calls per message in all (across claims and instances), the first included (≥ 1). */
  maxAttempts: number;
  /** Wait after the first failed call before the next; doubled after each further one. */
  retryBaseMs: number;
  /** Longest a single provider call may take (the provider enforces it; sets the lease). */
  sendTimeoutMs: number;
  /** Whether a drain waits out the backoff of the messages it gave back and tries them again (default true); false: the quick drain after a request, which leaves retries to the dispatcher. */
  retryInDrain?: boolean;
  /** The claim lease; absent: leaseMsOf. Each claim stores its own end, so drains need not agree. */
  leaseMs?: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 3, retryBaseMs: 1_000, sendTimeoutMs: 10_000 };

const MAX_ERROR = 500;

/** How long a claim protects a message: one provider call, plus a margin for settling it. */
export const leaseMsOf = (p: DeliveryPolicy): number => p.leaseMs ?? p.sendTimeoutMs + 30_000;

/** The wait before the next call after `attempts` calls failed. */
const backoffMs = (p: DeliveryPolicy, attempts: number): number => p.retryBaseMs * 2 ** Math.max(0, attempts - 1);

/** A claimed message; `attempts` includes the call the claim is for. */
export interface Claimed {
  id: string;
  to_number: string;
  body: string;
  attempts: number;
}

/** Claims up to `limit` due messages, oldest first, for one provider call each. */
export async function claimMessages(orm: Orm, token: string, leaseMs: number, limit: number): Promise<Claimed[]> {
  return queryRows<Claimed>(
    orm,
    sql`UPDATE sms_outbox
        SET claimed_by = ${token}, claimed_until = now() + ${leaseMs} * interval '1 millisecond', attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM sms_outbox
          WHERE status = 'queued'
            AND (next_attempt_at IS NULL OR next_attempt_at <= now())
            AND (claimed_by IS NULL OR claimed_until < now())
          ORDER BY created_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING id, to_number, body, attempts`,
  );
}

/** Claims the oldest due message, or null. */
export async function claimNext(orm: Orm, token: string, leaseMs: number): Promise<Claimed | null> {
  const [row] = await claimMessages(orm, token, leaseMs, 1);
  return row ?? null;
}

/** Ends a claim with `values`; false when the token no longer holds it (its lease ended and another instance took it). */
async function settle(orm: Orm, id: string, token: string, values: PgUpdateSetSource<typeof smsOutbox>): Promise<boolean> {
  const done = await orm
    .update(smsOutbox)
    .set({ ...values, claimedBy: null, claimedUntil: null })
    .where(and(eq(smsOutbox.id, id), eq(smsOutbox.claimedBy, token)))
    .returning({ id: smsOutbox.id });
  return done.length > 0;
}

/** What became of a claimed message; `lost`: the claim had been taken over, nothing was written. */
export type DeliveryOutcome = 'sent' | 'failed' | 'released' | 'lost';

/** Makes the one provider call of a claim and settles it (see DeliveryPolicy). */
export async function deliverClaimed(orm: Orm, provider: SmsProvider, message: Claimed, token: string, policy: DeliveryPolicy): Promise<DeliveryOutcome> {
  const outcome = async (result: 'sent' | 'failed' | 'released', values: PgUpdateSetSource<typeof smsOutbox>): Promise<DeliveryOutcome> => ((await settle(orm, message.id, token, values)) ? result : 'lost');
  if (message.attempts > policy.maxAttempts) {
    // Taken again after the holder of its last allowed call stopped answering: no call is left.
    return outcome('failed', { status: 'failed', attempts: message.attempts - 1, nextAttemptAt: null, error: `try ${policy.maxAttempts}/${policy.maxAttempts}: its outcome was never recorded (lease expired)` });
  }
  try {
    const { providerMessageId } = await provider.send({ outboxId: message.id, to: message.to_number, body: message.body });
    return await outcome('sent', { status: 'sent', provider: provider.name, providerMessageId, sentAt: sql`now()`, nextAttemptAt: null, error: null });
  } catch (error) {
    const text = `try ${message.attempts}/${policy.maxAttempts}: ${error instanceof Error ? error.message : String(error)}`.slice(0, MAX_ERROR);
    if (isRetryable(error) && message.attempts < policy.maxAttempts) {
      return outcome('released', { nextAttemptAt: sql`now() + ${backoffMs(policy, message.attempts)} * interval '1 millisecond'`, error: text });
    }
    return outcome('failed', { status: 'failed', nextAttemptAt: null, error: text });
  }
}

/** Milliseconds until the first of `ids` still waiting for a retry is due (≤ 0: due now), or null when none waits. */
async function nextRetryInMs(orm: Orm, ids: string[]): Promise<number | null> {
  if (ids.length === 0) return null;
  const [row] = await orm
    .select({ waitMs: sql<number | null>`(extract(epoch FROM min(coalesce(${smsOutbox.nextAttemptAt}, now())) - now()) * 1000)::float8` })
    .from(smsOutbox)
    .where(and(inArray(smsOutbox.id, ids), eq(smsOutbox.status, 'queued'), isNull(smsOutbox.claimedBy)));
  return row?.waitMs ?? null;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export interface DrainOptions {
  policy?: DeliveryPolicy;
  /** Stop claiming after this long (a call in hand is finished). */
  maxMs?: number;
  /** At most this many claims (provider calls) per drain. */
  limit?: number;
  /** Shutdown: no further claims or waits; what was given back stays queued for another instance or the next start. */
  signal?: AbortSignal;
}

/**
 * Claims and delivers due messages one by one, oldest first, until none is left, `limit` calls
 * were made, `maxMs` passed or `signal` aborted. Unless the policy says otherwise it then waits
 * for the backoff of the messages it gave back itself and tries them again, within `maxMs`.
 * Counts each message once, by where it ended up. Run after the queuing transaction committed.
 */
export async function drainOutbox(orm: Orm, provider: SmsProvider, options: DrainOptions = {}): Promise<{ sent: number; failed: number; released: number }> {
  const policy = options.policy ?? DEFAULT_DELIVERY_POLICY;
  const deadline = Date.now() + (options.maxMs ?? 5_000);
  const limit = options.limit ?? 1_000;
  const token = crypto.randomUUID();
  const outcomes = new Map<string, DeliveryOutcome>();
  for (let calls = 0; calls < limit && Date.now() < deadline && !options.signal?.aborted; ) {
    const message = await claimNext(orm, token, leaseMsOf(policy));
    if (message) {
      calls += 1;
      outcomes.set(message.id, await deliverClaimed(orm, provider, message, token, policy));
      continue;
    }
    if (policy.retryInDrain === false) break;
    const released = [...outcomes].filter(([, outcome]) => outcome === 'released').map(([id]) => id);
    const waitMs = await nextRetryInMs(orm, released);
    if (waitMs === null || Date.now() + waitMs >= deadline) break;
    await sleep(Math.max(waitMs, 10), options.signal);
  }
  const total = { sent: 0, failed: 0, released: 0 };
  for (const outcome of outcomes.values()) if (outcome !== 'lost') total[outcome] += 1;
  return total;
}
