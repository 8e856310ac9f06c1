import type { WarningGrade } from '../../shared/schemas/warning';
import type { FraudType } from '../../shared/schemas/template';

/**
 * The automatic warning-call policy (issue 19), configurable per centre. Pure: every decision
 * takes the clock as an argument so tests pin it.
 *
 * Environment (all optional; defaults are the seeds' figures):
 * - `HOTLINE_AUTO_CALL_GRADES`       comma list of grades called automatically (default `low`)
 * - `HOTLINE_AUTO_CALL_FRAUD_TYPES`  comma list of fraud types; empty or absent: every type
 * - `HOTLINE_AUTO_CALL_HOURS`        calling window, local time, `HH:MM-HH:MM` (default `08:30-22:00`)
 * - `HOTLINE_AUTO_CALL_TZ_OFFSET_MIN` the centre's UTC offset in minutes (default 480, Asia/Chongqing, no DST)
 * - `HOTLINE_AUTO_CALL_MAX_ATTEMPTS` calls per instruction in all (default 3)
 * - `HOTLINE_AUTO_CALL_SPACING_MIN`  minutes between calls to one instruction (default 30)
 * - `HOTLINE_AUTO_CALL_SPACING_MS`   the same in milliseconds, overriding it (tests and demos: seconds, not half-hours)
 * - `HOTLINE_AUTO_CALL_MAX_CONCURRENT` simultaneous calls across all instances (default 4)
 * - `HOTLINE_AUTO_CALL_SMS_FALLBACK` `1`/`0`: send the warning SMS when calls are used up (default 1)
 */
export interface AutoCallPolicy {
  grades: WarningGrade[];
  /** Null: every fraud type. */
  fraudTypes: FraudType[] | null;
  /** Window start and end in minutes after local midnight; calls start only inside it. */
  windowStartMin: number;
  windowEndMin: number;
  /** Minutes east of UTC of the centre's local time (Chongqing: +480, no daylight saving). */
  tzOffsetMin: number;
  maxAttempts: number;
  spacingMs: number;
  maxConcurrent: number;
  smsFallback: boolean;
}

export const DEFAULT_AUTO_CALL_POLICY: AutoCallPolicy = {
  grades: ['low'],
  fraudTypes: null,
  windowStartMin: 8 * 60 + 30,
  windowEndMin: 22 * 60,
  tzOffsetMin: 480,
  maxAttempts: 3,
  spacingMs: 30 * 60_000,
  maxConcurrent: 4,
  smsFallback: true,
};

const hhmm = (text: string): number => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not HH:MM: ${text}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[1]) > 24 || Number(m[2]) > 59 || minutes > 24 * 60) throw new Error(`not a time of day: ${text}`);
  return minutes;
};

const positiveInt = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${text}`);
  return n;
};

/** The policy from `env` over the defaults; throws on a malformed value (a start-up error, not a silent default). */
export function autoCallPolicyFromEnv(env: Record<string, string | undefined>): AutoCallPolicy {
  const p = { ...DEFAULT_AUTO_CALL_POLICY };
  const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (env.HOTLINE_AUTO_CALL_GRADES !== undefined) p.grades = list(env.HOTLINE_AUTO_CALL_GRADES) as WarningGrade[];
  const types = list(env.HOTLINE_AUTO_CALL_FRAUD_TYPES);
  p.fraudTypes = types.length > 0 ? (types as FraudType[]) : null;
  if (env.HOTLINE_AUTO_CALL_HOURS) {
    const [start, end] = env.HOTLINE_AUTO_CALL_HOURS.split('-');
    if (start === undefined || end === undefined) throw new Error(`HOTLINE_AUTO_CALL_HOURS must be HH:MM-HH:MM, got ${env.HOTLINE_AUTO_CALL_HOURS}`);
    p.windowStartMin = hhmm(start);
    p.windowEndMin = hhmm(end);
  }
  if (env.HOTLINE_AUTO_CALL_TZ_OFFSET_MIN) p.tzOffsetMin = Number(env.HOTLINE_AUTO_CALL_TZ_OFFSET_MIN);
  p.maxAttempts = positiveInt('HOTLINE_AUTO_CALL_MAX_ATTEMPTS', env.HOTLINE_AUTO_CALL_MAX_ATTEMPTS, p.maxAttempts);
  p.spacingMs = positiveInt('HOTLINE_AUTO_CALL_SPACING_MIN', env.HOTLINE_AUTO_CALL_SPACING_MIN, p.spacingMs / 60_000) * 60_000;
  p.spacingMs = positiveInt('HOTLINE_AUTO_CALL_SPACING_MS', env.HOTLINE_AUTO_CALL_SPACING_MS, p.spacingMs);
  p.maxConcurrent = positiveInt('HOTLINE_AUTO_CALL_MAX_CONCURRENT', env.HOTLINE_AUTO_CALL_MAX_CONCURRENT, p.maxConcurrent);
  if (env.HOTLINE_AUTO_CALL_SMS_FALLBACK !== undefined) p.smsFallback = env.HOTLINE_AUTO_CALL_SMS_FALLBACK !== '0';
  return p;
}

/** Whether an instruction of this grade and fraud type is called automatically. */
export function isAutoCallable(policy: AutoCallPolicy, item: { grade: WarningGrade; fraudType: FraudType }): boolean {
  return policy.grades.includes(item.grade) && (policy.fraudTypes === null || policy.fraudTypes.includes(item.fraudType));
}

const DAY_MIN = 24 * 60;
const localMinuteOfDay = (policy: AutoCallPolicy, at: number): number => (((Math.floor(at / 60_000) + policy.tzOffsetMin) % DAY_MIN) + DAY_MIN) % DAY_MIN;

/** Whether a call may start at `at` (inside the window, start inclusive, end exclusive). */
export function insideCallingHours(policy: AutoCallPolicy, at: number): boolean {
  const m = localMinuteOfDay(policy, at);
  return m >= policy.windowStartMin && m < policy.windowEndMin;
}

/** The earliest instant ≥ `at` at which a call may start (`at` itself when inside the window). */
export function nextCallingTime(policy: AutoCallPolicy, at: number): number {
  if (insideCallingHours(policy, at)) return at;
  const m = localMinuteOfDay(policy, at);
  const untilStart = (policy.windowStartMin - m + DAY_MIN) % DAY_MIN;
  // Round down to the minute first, so the answer is exactly the window's start.
  return Math.floor(at / 60_000) * 60_000 + untilStart * 60_000;
}

/** How one automatic call went. `pressed-1`, `pressed-2` and `answered-no-key` were answered. */
export const AUTO_CALL_OUTCOMES = ['pressed-1', 'pressed-2', 'answered-no-key', 'busy', 'no-answer', 'invalid-number', 'network-failure'] as const;
export type AutoCallOutcome = (typeof AUTO_CALL_OUTCOMES)[number];

/** The agents' attempt result code for an outcome; null for a network failure (no attempt reached the person). */
export function attemptResultOf(outcome: AutoCallOutcome): 'answered' | 'busy' | 'no-answer' | 'invalid-number' | null {
  switch (outcome) {
    case 'pressed-1':
    case 'pressed-2':
    case 'answered-no-key':
      return 'answered';
    case 'busy':
    case 'no-answer':
    case 'invalid-number':
      return outcome;
    case 'network-failure':
      return null;
  }
}

/** What follows an automatic call. */
export type NextStep =
  /** The person pressed 1: acknowledged, automatic work ends. */
  | { kind: 'acknowledged' }
  /** The person wants an officer to call (2), or calls are used up with no SMS fallback: an agent's queue; `priority` true puts it first. */
  | { kind: 'escalate'; priority: boolean; reason: string }
  /** Call again at `at` (spacing, moved into calling hours). */
  | { kind: 'retry'; at: number }
  /** Calls are used up: send the warning SMS, then hand to an agent. */
  | { kind: 'sms-then-escalate'; reason: string };

/**
 * The step after a call that was the `attempt`-th (1-based) for its instruction, made at `at`.
 * A number that does not exist is not called again. Answered without a key counts as a try:
 * the person heard the warning but did not confirm, so it is retried like no answer.
 * A network failure is retried but (being ours, not the person's) is not meant to use up tries;
 * the dispatcher does not count it (see auto-call-dispatcher.ts).
 */
export function nextStep(policy: AutoCallPolicy, outcome: AutoCallOutcome, attempt: number, at: number): NextStep {
  if (outcome === 'pressed-1') return { kind: 'acknowledged' };
  if (outcome === 'pressed-2') return { kind: 'escalate', priority: true, reason: 'callback-requested' };
  const exhausted = outcome === 'invalid-number' || attempt >= policy.maxAttempts;
  if (!exhausted) return { kind: 'retry', at: nextCallingTime(policy, at + policy.spacingMs) };
  const reason = outcome === 'invalid-number' ? 'invalid-number' : `calls-exhausted:${outcome}`;
  // An SMS to a number that does not exist reaches nobody.
  if (policy.smsFallback && outcome !== 'invalid-number') return { kind: 'sms-then-escalate', reason };
  return { kind: 'escalate', priority: false, reason };
}
