import { WARNING_GRADES, type WarningGrade, type WarningListResponse, type WarningState } from '@shared/schemas/warning';

/** One queue row as the server listed it. */
export type QueueItem = WarningListResponse['items'][number];

/** What the agent narrowed the queue to; empty arrays mean "all". */
export interface QueueFilter {
  grades: WarningGrade[];
  states: WarningState[];
}

const RANK = new Map<WarningGrade, number>(WARNING_GRADES.map((g, i) => [g, i]));

/** The person pressed 2 on an automatic call: an officer should call back before the rest of the grade. */
export const wantsCallback = (item: Pick<QueueItem, 'autoCall'>): boolean => item.autoCall?.status === 'escalated' && item.autoCall.priority;

/**
 * Most urgent grade first, then callbacks people asked for on an automatic call, then oldest
 * first (the platform's order), ties by id so the order is stable; the server lists the same way.
 */
export function compareQueueItems(a: QueueItem, b: QueueItem): number {
  return (RANK.get(a.grade) ?? 99) - (RANK.get(b.grade) ?? 99) || Number(wantsCallback(b)) - Number(wantsCallback(a)) || a.issuedAt - b.issuedAt || a.id.localeCompare(b.id);
}

/** The filtered, sorted queue. */
export function orderQueue(items: readonly QueueItem[], filter: QueueFilter): QueueItem[] {
  return items.filter((i) => (filter.grades.length === 0 || filter.grades.includes(i.grade)) && (filter.states.length === 0 || filter.states.includes(i.state))).sort(compareQueueItems);
}

const SETTLED: ReadonlySet<WarningState> = new Set(['dissuaded', 'defrauded', 'refused', 'unreachable', 'feedback', 'evaluated', 'closed', 'void']);

/**
 * Overdue on this workstation's clock: the server's `overdueAt` has passed and no outcome is
 * known. Between refreshes the clock moves on, so the alarm does not wait for the next list.
 */
export const isItemOverdue = (item: QueueItem, now: number): boolean => !SETTLED.has(item.state) && now >= item.overdueAt;

/** Replaces one item with the server's answer (the list keeps its overdue fields; the state comes from the server only). */
export function mergeServerAnswer(items: readonly QueueItem[], answer: Omit<QueueItem, 'overdue' | 'overdueAt'>): QueueItem[] {
  return items.map((i) => (i.id === answer.id ? { ...i, ...answer } : i));
}
