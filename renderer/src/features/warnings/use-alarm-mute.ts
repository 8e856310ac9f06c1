import { useCallback, useState } from 'react';

/** Where the mute switch is kept: the browser session (a new sign-in window starts with the alarm on). */
export const ALARM_MUTE_KEY = 'hotline.warnings.alarmMuted';

function storedMute(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(ALARM_MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

/** The overdue alarm's mute switch, for this session only (never saved beyond it: an alarm muted and forgotten is a missed instruction). */
export function useAlarmMute(): [boolean, (muted: boolean) => void] {
  const [muted, setMutedState] = useState(storedMute);
  const setMuted = useCallback((next: boolean) => {
    setMutedState(next);
    try {
      if (next) globalThis.sessionStorage?.setItem(ALARM_MUTE_KEY, '1');
      else globalThis.sessionStorage?.removeItem(ALARM_MUTE_KEY);
    } catch {
      // No session storage (locked-down profile): the switch lasts as long as this view.
    }
  }, []);
  return [muted, setMuted];
}
