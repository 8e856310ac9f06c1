import { describe, expect, it } from 'vitest';
import { attemptResultFromCall, type CallOutcomeFacts } from './attempt-from-call';

const ended = (sipStatus: number | undefined): CallOutcomeFacts => ({ state: 'ended', answeredAt: null, sipStatus, endReason: 'rejected' });

describe('attemptResultFromCall', () => {
  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [480, 'no-answer'],
    [408, 'no-answer'],
    [603, 'declined'],
    [404, 'invalid-number'],
    [484, 'invalid-number'],
    [604, 'invalid-number'],
    // rang (or played early media) and the agent hung up (487: after our CANCEL)
    [487, 'no-answer'],
    [180, 'no-answer'],
    [183, 'no-answer'],
  ] as const)('a call that ended on %i suggests %s', (status, result) => {
    expect(attemptResultFromCall(ended(status))).toBe(result);
  });

  it.each([503, 500, 488, 100, undefined])('says nothing about the person for %s (network failure, cancelled before ringing)', (status) => {
    expect(attemptResultFromCall(ended(status))).toBeNull();
  });

  it('an answered call is answered, during and after it, whatever the last status', () => {
    expect(attemptResultFromCall({ state: 'active', answeredAt: 1, sipStatus: 200, endReason: null })).toBe('answered');
    expect(attemptResultFromCall({ state: 'ended', answeredAt: 1, sipStatus: 200, endReason: 'remote-hangup' })).toBe('answered');
  });

  it('suggests nothing while the call is still ringing, even after a 183', () => {
    expect(attemptResultFromCall({ state: 'early', answeredAt: null, sipStatus: 183, endReason: null })).toBeNull();
    expect(attemptResultFromCall({ state: 'dialing', answeredAt: null, sipStatus: 180, endReason: null })).toBeNull();
  });
});
