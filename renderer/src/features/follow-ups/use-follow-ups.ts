import { useEffect, useMemo, useState } from 'react';
import type { LocalFollowUp } from '../../storage/db';
import type { WorkstationSnapshot } from '../../state/workstation';
import { openFollowUpsOf } from '../../storage/follow-up-repository';
import { useWorkstation } from '../../state/workstation-context';
import { useTableQuery } from '../../state/use-table-query';
import { useWorkstationSelector } from '../../state/use-workstation-selector';

/** How often "now" moves for overdue marks and reminders: a reminder is at most this late. */
export const FOLLOW_UP_TICK_MS = 15_000;

/** The current time, re-read every `intervalMs`. */
export function useNow(intervalMs = FOLLOW_UP_TICK_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The signed-in person's open follow-ups (soonest first), live from the local database, and which are overdue. */
export function useMyFollowUps(intervalMs?: number): { items: LocalFollowUp[]; overdue: LocalFollowUp[]; now: number } {
  const ws = useWorkstation();
  // The user's id only: a sync tick or a call event leaves the follow-ups alone.
  const userId = useWorkstationSelector(userIdOf);
  const db = ws.database;
  const items = useTableQuery(userId ? db : null, FOLLOW_UPS, (open) => openFollowUpsOf(open, userId ?? ''), [userId], EMPTY);
  const now = useNow(intervalMs);
  const overdue = useMemo(() => items.filter((f) => f.dueAt <= now), [items, now]);
  return { items, overdue, now };
}

const EMPTY: LocalFollowUp[] = [];
const FOLLOW_UPS = ['followUps'] as const;
const userIdOf = (s: WorkstationSnapshot) => s.user?.id ?? null;
