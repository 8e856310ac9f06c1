import { useEffect, useRef } from 'react';
import type { GradeSetting } from '@shared/schemas/warning';
import { compareQueueItems, isItemOverdue, type QueueItem } from './queue-order';

/** Plays a grade's alarm sound (by its configured key). */
export type AlarmPlayer = (sound: string) => void;

/** Tone per sound key of the default grade settings; unknown keys get the medium tone. */
const TONE_HZ: Record<string, number> = { 'alarm-extreme': 1320, 'alarm-high': 1100, 'alarm-medium': 880, 'alarm-low': 660 };

/** A short beep through Web Audio; silent where there is no audio (tests, a locked-down kiosk). */
export const beepAlarm: AlarmPlayer = (sound) => {
  const Context = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Context) return;
  const audio = new Context();
  const oscillator = audio.createOscillator();
  oscillator.frequency.value = TONE_HZ[sound] ?? 880;
  oscillator.connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + 0.4);
  oscillator.onended = () => void audio.close();
};

/**
 * Sounds once when instructions become overdue (not once per instruction, nor again on every
 * refresh): the most urgent newly overdue one's grade sound.
 */
export function useOverdueAlarm(items: readonly QueueItem[], grades: readonly GradeSetting[], now: number, play: AlarmPlayer = beepAlarm): void {
  const alarmed = useRef<Set<string>>(new Set());
  useEffect(() => {
    const overdue = items.filter((i) => isItemOverdue(i, now));
    const fresh = overdue.filter((i) => !alarmed.current.has(i.id)).sort(compareQueueItems);
    alarmed.current = new Set(overdue.map((i) => i.id));
    const first = fresh[0];
    if (first) play(grades.find((g) => g.grade === first.grade)?.sound ?? `alarm-${first.grade}`);
  }, [items, grades, now, play]);
}
