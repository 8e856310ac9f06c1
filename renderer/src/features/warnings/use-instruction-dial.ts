import { useCallback, useRef } from 'react';
import { useWorkstation } from '../../state/workstation-context';

/** Longest wait for the softphone to say which call it started before an attempt is recorded without it. */
export const CALL_ID_WAIT_MS = 3_000;

/**
 * One-click 96110 dialling from an instruction that remembers which call it started: the
 * softphone's call id is the id of the call record logged for it (call-record-from-call.ts),
 * so the next attempt recorded for the same instruction carries it. A dial the phone refused
 * (not registered, bad number) leaves no call: the attempt is recorded without one.
 */
export function useInstructionDial() {
  const ws = useWorkstation();
  const last = useRef<{ instructionId: string; callRecordId: Promise<string | null> } | null>(null);

  const dial = useCallback(
    (instructionId: string, number: string) => {
      const callRecordId = (async () => {
        try {
          return (await ws.dial(number.replace(/[\s-]/g, ''))).id;
        } catch (e) {
          console.warn('dial refused', e);
          return null;
        }
      })();
      last.current = { instructionId, callRecordId };
    },
    [ws],
  );

  /** The call record of the last dial from this instruction (once: the next attempt needs a new dial), or null. */
  const takeCallRecordId = useCallback(async (instructionId: string): Promise<string | null> => {
    const dialled = last.current;
    if (dialled?.instructionId !== instructionId) return null;
    last.current = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), CALL_ID_WAIT_MS)));
    try {
      return await Promise.race([dialled.callRecordId, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }, []);

  return { dial, takeCallRecordId };
}
