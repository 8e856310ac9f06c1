import { describe, expect, it } from 'vitest';
import { callProgress, progressFromStatus } from './call-progress';
import type { CallInfo } from './types';
import { callInfo } from '../../../test/fakes/web/call-info';

describe('call progress', () => {
  it.each([
    [undefined, 'calling'],
    [100, 'calling'],
    [180, 'ringing'],
    [183, 'early-media'],
    [200, 'answered'],
    [486, 'busy'],
    [600, 'busy'],
    [480, 'no-answer'],
    [408, 'no-answer'],
    [603, 'declined'],
    [404, 'not-found'],
    [484, 'not-found'],
    [503, 'unreachable'],
    // What Kamailio relays for a carrier's 503 (RFC 3261 §16.7).
    [500, 'unreachable'],
    [488, 'failed'],
  ] as const)('%s → %s', (status, progress) => {
    expect(progressFromStatus(status)).toBe(progress);
  });

  const call = (patch: Partial<CallInfo>): CallInfo =>
    callInfo({ id: 'x', sipCallId: 'y', direction: 'outbound', dialedNumber: '13800138000', state: 'dialing', startedAt: 0, ...patch });

  it('keeps the failure reason after the call ended', () => {
    expect(callProgress(call({ state: 'ended', sipStatus: 486 }))).toBe('busy');
    expect(callProgress(call({ state: 'ended', sipStatus: 180, answeredAt: 5 }))).toBe('ended');
    expect(callProgress(call({ state: 'active', sipStatus: 180 }))).toBe('answered');
  });
});
