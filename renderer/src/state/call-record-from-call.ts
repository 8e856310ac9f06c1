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
