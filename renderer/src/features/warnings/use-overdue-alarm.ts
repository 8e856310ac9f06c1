import { useEffect, useRef } from 'react';
import { WARNING_GRADES, type GradeSetting, type WarningGrade } from '@shared/schemas/warning';
import { playAlarmSound } from './alarm-sounds';
import { compareQueueItems, isItemOverdue, type QueueItem } from './queue-order';

/** Plays a grade's alarm sound (by its configured key). */
export type AlarmPlayer = (sound: string) => void;

/** The grade's own sound through Web Audio (alarm-sounds.ts); silent where there is no audio (tests, a locked-down kiosk). */
export const gradeAlarm: AlarmPlayer = (sound) => playAlarmSound(sound);

/**
 * The configured sound of a grade; a grade the region lacks takes the next less urgent one's
 * (as the server's gradeSetting does); no configuration yet: the default key of the grade.
 */
export function soundOf(grades: readonly GradeSetting[], grade: WarningGrade): string {
  const exact = grades.find((g) => g.grade === grade);
  if (exact) return exact.sound;
  const rank = WARNING_GRADES.indexOf(grade);
  return grades.find((g) => WARNING_GRADES.indexOf(g.grade) > rank)?.sound ?? grades.at(-1)?.sound ?? `alarm-${grade}`;
}

/**
 * Sounds once when instructions become overdue (not once per instruction, nor again on every
 * refresh): the most urgent newly overdue one's grade sound, unless muted.
 */
export function useOverdueAlarm(items: readonly QueueItem[], grades: readonly GradeSetting[], now: number, play: AlarmPlayer = gradeAlarm, muted = false): void {
  const alarmed = useRef<Set<string>>(new Set());
  useEffect(() => {
    const overdue = items.filter((i) => isItemOverdue(i, now));
    const fresh = overdue.filter((i) => !alarmed.current.has(i.id)).sort(compareQueueItems);
    alarmed.current = new Set(overdue.map((i) => i.id));
    const first = fresh[0];
    // Muted: what became overdue meanwhile is still marked as alarmed (unmuting does not replay it).
    if (first && !muted) play(soundOf(grades, first.grade));
  }, [items, grades, now, play, muted]);
}
