import { useCallback, useRef, useState } from 'react';
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
  /** The call the last dial started, once known: its SIP outcome suggests the attempt's result. */
  const [dialled, setDialled] = useState<{ instructionId: string; callId: string } | null>(null);
  /** Counts dials, so only the latest one's call is remembered. */
  const dials = useRef(0);

  const dial = useCallback(
    (instructionId: string, number: string) => {
      setDialled(null);
      const seq = ++dials.current;
      const callRecordId = (async () => {
        try {
          const { id } = await ws.dial(number.replace(/[\s-]/g, ''));
          if (dials.current === seq) setDialled({ instructionId, callId: id });
          return id;
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
    const started = last.current;
    if (started?.instructionId !== instructionId) return null;
    last.current = null;
    dials.current++;
    setDialled(null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), CALL_ID_WAIT_MS)));
    try {
      return await Promise.race([started.callRecordId, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }, []);

  /** The id of the call the last dial from this instruction started (not yet recorded), or null. */
  const dialledCallId = (instructionId: string): string | null => (dialled?.instructionId === instructionId ? dialled.callId : null);

  return { dial, takeCallRecordId, dialledCallId };
}
