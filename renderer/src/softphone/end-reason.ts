import type { CallEndReason, CallInfo } from './types';

/** What the phone knew about a call when it terminated. */
export interface EndFacts {
  direction: CallInfo['direction'];
  answered: boolean;
  /** We ended it (hang-up, decline, cancel). */
  localEnd: boolean;
  /** We left it after a successful REFER. */
  transferred: boolean;
  /** CANCEL said another phone of the ring group answered (RFC 3326 cause 200). */
  answeredElsewhere: boolean;
  /** Last final SIP status of an outbound attempt, if any. */
  sipStatus?: number;
}

/**
 * Why a call ended, as history and the record store show it. Pure, so every branch is
 * unit-tested without a PBX: a wrong reason here turns a missed citizen into a "declined".
 */
export function endReasonFor(f: EndFacts): CallEndReason {
  if (f.transferred) return 'transferred';
  if (f.answered) return f.localEnd ? 'local-hangup' : 'remote-hangup';
  if (f.direction === 'inbound') {
    if (f.localEnd) return 'rejected';
    return f.answeredElsewhere ? 'answered-elsewhere' : 'missed';
  }
  if (f.localEnd) return 'local-hangup';
  return f.sipStatus !== undefined && f.sipStatus >= 400 ? 'rejected' : 'failed';
}
