import type { AutoCallSummary } from '@shared/schemas/warning';
import type { QueueItem } from './queue-order';
import { wantsCallback } from './queue-order';

/** The queue row's badge for an instruction the automatic caller took up (issue 19): an i18n key, its values and a colour. */
export interface AutoCallBadge {
  key: string;
  values: Record<string, number | string>;
  color: string;
}

/** Calls made so far plus the one in progress: the "n" of "call n of m". */
export const callNumber = (auto: AutoCallSummary): number => auto.attempts.length + (auto.inCall ? 1 : 0);

/** The badge, or null when the automatic caller never took the instruction up. */
export function autoCallBadge(item: Pick<QueueItem, 'autoCall'>): AutoCallBadge | null {
  const auto = item.autoCall;
  if (!auto) return null;
  if (wantsCallback(item)) return { key: 'autoCall.badge.callback', values: {}, color: 'red' };
  if (auto.status === 'queued') {
    if (auto.inCall) return { key: 'autoCall.badge.inCall', values: {}, color: 'teal' };
    return { key: 'autoCall.badge.queued', values: { n: callNumber(auto), m: auto.maxAttempts ?? '?' }, color: 'teal' };
  }
  const colour: Record<AutoCallSummary['status'], string> = { queued: 'teal', acknowledged: 'green', 'sms-fallback': 'orange', escalated: 'orange', 'taken-over': 'gray' };
  return { key: `autoCall.badge.${auto.status}`, values: {}, color: colour[auto.status] };
}

/** One line of the attempt history: an agent's attempt or an automatic call, in time order. */
export type HistoryLine = { kind: 'agent'; id: string; at: number; channel: string; number: string; result: string } | { kind: 'auto'; id: string; at: number; number: string; outcome: string };

/** The agents' attempts and the automatic calls together, oldest first (ties: agents first, then by number). */
export function attemptHistory(item: Pick<QueueItem, 'attempts' | 'autoCall'>): HistoryLine[] {
  const lines: HistoryLine[] = [
    ...item.attempts.map((a) => ({ kind: 'agent' as const, id: a.id, at: a.at, channel: a.channel, number: a.number, result: a.result })),
    ...(item.autoCall?.attempts ?? []).map((a, i) => ({ kind: 'auto' as const, id: `auto-${i}`, at: a.at, number: a.number, outcome: a.outcome })),
  ];
  return lines.sort((x, y) => x.at - y.at || (x.kind === y.kind ? 0 : x.kind === 'agent' ? -1 : 1));
}

/** The escalation reason's i18n key (`calls-exhausted:<outcome>` folds into one). */
export function escalationKey(reason: string | null): string | null {
  if (!reason) return null;
  if (reason.startsWith('calls-exhausted')) return 'autoCall.escalation.exhausted';
  if (reason.startsWith('invalid-number')) return 'autoCall.escalation.invalid-number';
  if (reason.startsWith('callback-requested')) return 'autoCall.escalation.callback-requested';
  if (reason.startsWith('grade-raised')) return 'autoCall.escalation.grade-raised';
  return null;
}
