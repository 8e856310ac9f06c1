import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_CALL_POLICY as P, autoCallPolicyFromEnv, attemptResultOf, insideCallingHours, isAutoCallable, nextCallingTime, nextStep } from './auto-call-policy';

/** Epoch ms of a Chongqing (UTC+8) wall-clock time on 2026-12-04. */
const cq = (h: number, m: number) => Date.UTC(2026, 11, 4, h - 8, m);

describe('auto-call policy', () => {
  it('calls low grades of every fraud type by default, and only the configured ones when set', () => {
    expect(isAutoCallable(P, { grade: 'low', fraudType: 'fake-loan' })).toBe(true);
    expect(isAutoCallable(P, { grade: 'medium', fraudType: 'fake-loan' })).toBe(false);
    const only = autoCallPolicyFromEnv({ HOTLINE_AUTO_CALL_FRAUD_TYPES: 'fake-loan, online-gambling', HOTLINE_AUTO_CALL_GRADES: 'low,medium' });
    expect(isAutoCallable(only, { grade: 'medium', fraudType: 'online-gambling' })).toBe(true);
    expect(isAutoCallable(only, { grade: 'low', fraudType: 'fake-investment' })).toBe(false);
  });

  it('keeps to 08:30-22:00 Chongqing time, start inclusive, end exclusive', () => {
    expect(insideCallingHours(P, cq(8, 29))).toBe(false);
    expect(insideCallingHours(P, cq(8, 30))).toBe(true);
    expect(insideCallingHours(P, cq(21, 59))).toBe(true);
    expect(insideCallingHours(P, cq(22, 0))).toBe(false);
    // 03:00 UTC is 11:00 in Chongqing, whatever the machine's zone.
    expect(insideCallingHours(P, Date.UTC(2026, 11, 4, 3, 0))).toBe(true);
  });

  it('moves a call outside the window to the next 08:30', () => {
    expect(nextCallingTime(P, cq(12, 0))).toBe(cq(12, 0));
    expect(nextCallingTime(P, cq(7, 10) + 12_345)).toBe(cq(8, 30));
    expect(nextCallingTime(P, cq(22, 0))).toBe(cq(8, 30) + 86_400_000);
    expect(nextCallingTime(P, cq(23, 59))).toBe(cq(8, 30) + 86_400_000);
  });

  it('retries with spacing up to the limit, then SMS, then an agent; 2 goes to an agent first', () => {
    expect(nextStep(P, 'pressed-1', 1, cq(10, 0))).toEqual({ kind: 'acknowledged' });
    expect(nextStep(P, 'pressed-2', 1, cq(10, 0))).toEqual({ kind: 'escalate', priority: true, reason: 'callback-requested' });
    expect(nextStep(P, 'busy', 1, cq(10, 0))).toEqual({ kind: 'retry', at: cq(10, 30) });
    expect(nextStep(P, 'no-answer', 2, cq(21, 45))).toEqual({ kind: 'retry', at: cq(8, 30) + 86_400_000 });
    expect(nextStep(P, 'answered-no-key', 3, cq(10, 0))).toEqual({ kind: 'sms-then-escalate', reason: 'calls-exhausted:answered-no-key' });
    expect(nextStep(P, 'invalid-number', 1, cq(10, 0))).toEqual({ kind: 'escalate', priority: false, reason: 'invalid-number' });
    const noSms = autoCallPolicyFromEnv({ HOTLINE_AUTO_CALL_SMS_FALLBACK: '0', HOTLINE_AUTO_CALL_MAX_ATTEMPTS: '1' });
    expect(nextStep(noSms, 'busy', 1, cq(10, 0))).toEqual({ kind: 'escalate', priority: false, reason: 'calls-exhausted:busy' });
  });

  it('maps outcomes to the agents’ result codes', () => {
    expect(attemptResultOf('pressed-1')).toBe('answered');
    expect(attemptResultOf('busy')).toBe('busy');
    expect(attemptResultOf('invalid-number')).toBe('invalid-number');
    expect(attemptResultOf('network-failure')).toBeNull();
  });

  it('reads env and refuses malformed values', () => {
    const p = autoCallPolicyFromEnv({ HOTLINE_AUTO_CALL_HOURS: '09:00-21:30', HOTLINE_AUTO_CALL_SPACING_MIN: '10', HOTLINE_AUTO_CALL_MAX_CONCURRENT: '2' });
    expect([p.windowStartMin, p.windowEndMin, p.spacingMs, p.maxConcurrent]).toEqual([540, 1290, 600_000, 2]);
    expect(() => autoCallPolicyFromEnv({ HOTLINE_AUTO_CALL_HOURS: '9-21' })).toThrow();
    expect(() => autoCallPolicyFromEnv({ HOTLINE_AUTO_CALL_MAX_ATTEMPTS: '0' })).toThrow();
    // Milliseconds win over minutes (tests space retries by seconds).
    expect(autoCallPolicyFromEnv({ HOTLINE_AUTO_CALL_SPACING_MIN: '10', HOTLINE_AUTO_CALL_SPACING_MS: '1500' }).spacingMs).toBe(1500);
  });
});
