import { desc, eq } from 'drizzle-orm';
import { smsRuleViolations } from '../../shared/schemas/template';
import { fillPlaceholders } from '../../shared/templates/fill-placeholders';
import type { Orm } from '../db/database';
import { smsOutbox, templates } from '../db/schema';
import { STARTER_TEMPLATES } from '../templates/starter-set';
import { DEFAULT_DELIVERY_POLICY, drainOutbox, type DeliveryPolicy } from './sms-delivery';
import type { SmsProvider } from './sms-provider';

export { devSmsProvider, SmsSendError, type SmsProvider } from './sms-provider';

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
 * Delivers what is queued now, within `maxMs` (what is left stays queued for the dispatcher,
 * sms-dispatcher.ts). Claims make it safe beside running dispatchers (sms-delivery.ts).
 */
export async function drainSmsOutboxFor(orm: Orm, provider: SmsProvider, maxMs = 5_000, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): Promise<{ sent: number; failed: number }> {
  const { sent, failed } = await drainOutbox(orm, provider, { maxMs, policy });
  return { sent, failed };
}
