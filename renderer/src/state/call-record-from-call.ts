import type { CallRecord } from '@shared/schemas/call-record';
import type { CallInfo } from '../softphone/types';

const PHONE = /^\+?[0-9*#]{1,32}$/;

/** Maps a softphone call to the record that is logged for it (same id, bound to the SIP Call-ID). */
export function callRecordFromCall(call: CallInfo): CallRecord {
  return {
    id: call.id,
    sipCallId: call.sipCallId,
    direction: call.direction,
    remoteNumber: PHONE.test(call.remoteNumber) ? call.remoteNumber : 'anonymous',
    dialedNumber: PHONE.test(call.dialedNumber) ? call.dialedNumber : '0',
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    endReason: call.endReason,
  };
}

/**
 * Whether answering this call opens a case. The consultation leg of an attended transfer
 * (`consultFor`, set by the phone on the call it places to the colleague) is agent to agent:
 * the citizen's case stays on the held call it names, so the leg opens none of its own.
 */
export function opensCase(call: Pick<CallInfo, 'consultFor'>): boolean {
  return call.consultFor === undefined;
}

/**
 * The call whose caller and case the sidebar shows: the focused call, or, on a consultation
 * leg, the held call it consults for (null once that call is gone).
 */
export function caseCallOf(focusCall: CallInfo | null, calls: readonly CallInfo[]): CallInfo | null {
  if (!focusCall?.consultFor) return focusCall;
  return calls.find((c) => c.id === focusCall.consultFor) ?? null;
}
