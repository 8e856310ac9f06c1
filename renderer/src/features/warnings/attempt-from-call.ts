import type { AttemptResult } from '@shared/schemas/warning';
import { progressFromStatus } from '../../softphone/call-progress';
import type { CallInfo } from '../../softphone/types';

/** What the softphone knew about a call, as far as the attempt's result depends on it. */
export type CallOutcomeFacts = Pick<CallInfo, 'state' | 'answeredAt' | 'sipStatus' | 'endReason'>;

/**
 * The attempt result a warning call's SIP outcome suggests (issue 14): answered, or the
 * carrier's final response (486/600 busy, 480/408 no answer, 603 declined, 404/484/604 no such
 * number). Only a suggestion: the agent saves it or corrects it (a phone that rang out may
 * have been answered by a voicemail, a "busy" may be a blocked 96110). Null while the call is
 * still being set up, and where SIP says nothing about the person (503 and other network
 * failures, a call the agent cancelled before it rang).
 */
export function attemptResultFromCall(call: CallOutcomeFacts): AttemptResult | null {
  if (call.answeredAt !== null) return 'answered';
  if (call.state !== 'ended') return null;
  // 487: our CANCEL ended it, the agent gave up waiting for an answer.
  if (call.sipStatus === 487) return 'no-answer';
  switch (progressFromStatus(call.sipStatus)) {
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'no-answer';
    case 'declined':
      return 'declined';
    case 'not-found':
      return 'invalid-number';
    case 'ringing':
    case 'early-media':
      // It rang and the agent gave up: nobody answered.
      return 'no-answer';
    default:
      return null;
  }
}
