import { useCallback } from 'react';
import { useWorkstation } from './workstation-context';

/**
 * The click-to-dial function other features call with any phone number shown in the app
 * (history, case records, warning instructions). Invalid numbers are refused by the phone.
 */
export function useClickToDial(): (number: string) => void {
  const ws = useWorkstation();
  return useCallback((number: string) => void ws.dial(number.replace(/[\s-]/g, '')).catch((e: unknown) => console.warn('dial refused', e)), [ws]);
}
