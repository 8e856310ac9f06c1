import { and, asc, desc, eq } from 'drizzle-orm';
import { smsRuleViolations } from '../../shared/schemas/template';
import { fillPlaceholders } from '../../shared/templates/fill-placeholders';
import type { Orm } from '../db/database';
import { smsDevMessages, smsOutbox, templates } from '../db/schema';
import { STARTER_TEMPLATES } from '../templates/starter-set';

/** A gateway that delivers one SMS. Real providers (the 12381 system, an operator gateway) implement this. */
export interface SmsProvider {
  readonly name: string;
  /** Resolves with the provider's message id; throws when the provider refused it. */
  send(message: { outboxId: string; to: string; body: string }): Promise<{ providerMessageId: string }>;
}

/** Development provider: "delivers" by writing sms_dev_messages, which tests and demos read. */
export function devSmsProvider(orm: Orm): SmsProvider {
  return {
    name: 'dev',
    async send({ outboxId, to, body }) {
      const [row] = await orm.insert(smsDevMessages).values({ toNumber: to, body, outboxId }).returning({ id: smsDevMessages.id });
      return { providerMessageId: `dev-${row?.id}` };
    },
  };
}

/** An SMS body ready to queue, or why none can be made. */
export type SmsBody = { ok: true; body: string } | { ok: false; reason: string };

/**
 * Fills the SMS template `key` for a person: the latest active stored version, else the
 * built-in starter text. A body that breaks the 12381 rule (links, call-back numbers) is
 * refused here, whatever the template store holds.
 */
export async function smsBodyFor(orm: Orm, key: string, context: Record<string, string>): Promise<SmsBody> {
  return fillSmsTemplate(key, await loadSmsTemplate(orm, key), context);
}

/** The body source of SMS template `key` (latest stored version if active, else the starter text), or null. */
export async function loadSmsTemplate(orm: Orm, key: string): Promise<string | null> {
  const [stored] = await orm.select().from(templates).where(eq(templates.key, key)).orderBy(desc(templates.version)).limit(1);
  if (stored) return stored.active && stored.channel === 'sms' ? stored.body : null;
  return STARTER_TEMPLATES.find((t) => t.key === key && t.channel === 'sms')?.body ?? null;
}

/** Fills a loaded template source and applies the 12381 rule (see smsBodyFor). */
export function fillSmsTemplate(key: string, source: string | null, context: Record<string, string>): SmsBody {
  if (source === null) return { ok: false, reason: `no active SMS template ${key}` };
  const filled = fillPlaceholders(source, context);
  if (filled.missing.length > 0) return { ok: false, reason: `template ${key} needs ${filled.missing.join(', ')}` };
  const problems = smsRuleViolations(filled.text);
  if (problems.length > 0) return { ok: false, reason: `template ${key} breaks the 12381 rule: ${problems.join(', ')}` };
  return { ok: true, body: filled.text };
}

/** Queues one SMS (call inside the transaction that decided to send it). */
export async function queueSms(tx: Orm, row: { instructionId: string; toNumber: string; body: string; templateKey: string; automatic: boolean; requestedBy: string | null }): Promise<string> {
  const [created] = await tx.insert(smsOutbox).values(row).returning({ id: smsOutbox.id });
  return created?.id as string;
}

/**
 * Hands queued messages to the provider, oldest first, at most `limit` per call. Run after
 * the queuing transaction committed (a provider call never holds a database transaction).
 * A provider failure marks that message failed and goes on with the next.
 */
export async function drainSmsOutbox(orm: Orm, provider: SmsProvider, limit = 100): Promise<{ sent: number; failed: number }> {
  const queued = await orm.select().from(smsOutbox).where(eq(smsOutbox.status, 'queued')).orderBy(asc(smsOutbox.createdAt)).limit(limit);
  let sent = 0;
  let failed = 0;
  for (const message of queued) {
    // Claim it first so two instances draining at once never send it twice.
    const claimed = await orm.update(smsOutbox).set({ status: 'sent', provider: provider.name, sentAt: new Date() }).where(and(eq(smsOutbox.id, message.id), eq(smsOutbox.status, 'queued'))).returning({ id: smsOutbox.id });
    if (claimed.length === 0) continue;
    try {
      const { providerMessageId } = await provider.send({ outboxId: message.id, to: message.toNumber, body: message.body });
      await orm.update(smsOutbox).set({ providerMessageId }).where(eq(smsOutbox.id, message.id));
      sent += 1;
    } catch (error) {
      await orm.update(smsOutbox).set({ status: 'failed', error: (error as Error).message.slice(0, 500) }).where(eq(smsOutbox.id, message.id));
      failed += 1;
    }
  }
  return { sent, failed };
}

/**
 * Drains in batches until the outbox is empty or `maxMs` passed; what is left stays queued
 * for the next drain (there is no background dispatcher yet: every ingest and SMS action drains).
 */
export async function drainSmsOutboxFor(orm: Orm, provider: SmsProvider, maxMs = 5_000, batch = 100): Promise<{ sent: number; failed: number }> {
  const deadline = Date.now() + maxMs;
  const total = { sent: 0, failed: 0 };
  for (;;) {
    const { sent, failed } = await drainSmsOutbox(orm, provider, batch);
    total.sent += sent;
    total.failed += failed;
    if (sent + failed < batch || Date.now() >= deadline) return total;
  }
}
