import type { CallInfo } from './types';

/**
 * What a person is told about an outbound call, derived from the last SIP status. The UI
 * translates the key (`phone.progress.<key>`).
 */
export type CallProgress = 'calling' | 'ringing' | 'early-media' | 'answered' | 'busy' | 'no-answer' | 'declined' | 'unreachable' | 'not-found' | 'failed' | 'ended';

/** Maps a SIP status code (RFC 3261 §21) to the progress a caller-side person understands. */
export function progressFromStatus(status: number | undefined): CallProgress {
  if (status === undefined || status === 100) return 'calling';
  if (status === 180 || status === 181 || status === 182) return 'ringing';
  if (status === 183) return 'early-media';
  if (status >= 200 && status < 300) return 'answered';
  switch (status) {
    case 486:
    case 600:
      return 'busy';
    case 408:
    case 480:
      return 'no-answer';
    case 603:
      return 'declined';
    case 404:
    case 484:
    case 604:
      return 'not-found';
    default:
      // A carrier's 503 reaches us as 500: a proxy must not relay 503 (RFC 3261 §16.7 step 6),
      // so every server failure on the way means the network could not connect the call.
      if (status >= 500 && status < 600) return 'unreachable';
      return status >= 400 ? 'failed' : 'calling';
  }
}

/** The progress of a call as a whole: ended calls keep their failure reason. */
export function callProgress(call: CallInfo): CallProgress {
  if (call.state === 'active') return 'answered';
  const fromStatus = progressFromStatus(call.sipStatus);
  if (call.state === 'ended') return call.answeredAt ? 'ended' : fromStatus === 'calling' || fromStatus === 'ringing' ? 'ended' : fromStatus;
  return fromStatus;
}
