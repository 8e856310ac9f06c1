import type { CallInfo } from '../../../renderer/src/softphone/types';

/** A call snapshot for tests: an inbound 96110 call ringing, with `patch` applied. */
export function callInfo(patch: Partial<CallInfo> = {}): CallInfo {
  return {
    id: 'c1',
    sipCallId: 'c1@pbx',
    direction: 'inbound',
    remoteNumber: '13800138000',
    dialedNumber: '96110',
    state: 'ringing',
    startedAt: 1,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    held: false,
    holdPending: false,
    muted: false,
    recovering: false,
    ...patch,
  };
}
