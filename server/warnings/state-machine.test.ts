import { describe, expect, it } from 'vitest';
import { WARNING_STATES, type WarningAction, type WarningGrade, type WarningState, type WarningTransitionRequest } from '../../shared/schemas/warning';
import { FOUR_GRADES, THREE_GRADES, gradeSetting, isOverdue, overdueAt } from './grade-config';
import { decideTransition, hasOutcome, type Actor } from './state-machine';

const AGENT: Actor = { role: 'call-taker', cityUnit: false };
const DISTRICT_SUPERVISOR: Actor = { role: 'supervisor', cityUnit: false };
const CITY_SUPERVISOR: Actor = { role: 'supervisor', cityUnit: true };
const SYSTEM: Actor = { role: 'system', cityUnit: false };

const STATION = '00000000-0000-4000-8000-000000000001';
/** One well-formed request per action (expectedState is filled in per case). */
const REQUESTS: { [A in WarningAction]: Omit<Extract<WarningTransitionRequest, { action: A }>, 'expectedState'> } = {
  sign: { action: 'sign' },
  call: { action: 'call' },
  'send-sms': { action: 'send-sms', templateKey: 'sms.warning-low' },
  'request-visit': { action: 'request-visit', stationUnitId: STATION },
  'relatives-contacted': { action: 'relatives-contacted' },
  outcome: { action: 'outcome', outcome: 'dissuaded' },
  feedback: { action: 'feedback', feedback: '已劝阻，本人表示不再转账' },
  evaluate: { action: 'evaluate', evaluation: { rating: 'good', comment: '' } },
  close: { action: 'close' },
  void: { action: 'void', reason: '重复指令' },
  regrade: { action: 'regrade', grade: 'medium', reason: '通话时长增加' },
};

/** The graph, written out by hand: action → (from → to). Everything not listed is refused. */
const OPEN: WarningState[] = ['issued', 'signed-for', 'sms-sent', 'calling', 'visit-requested', 'relatives-contacted', 'dissuaded', 'defrauded', 'refused', 'unreachable', 'feedback', 'evaluated'];
const ALLOWED: Record<WarningAction, Partial<Record<WarningState, WarningState>>> = {
  sign: { issued: 'signed-for' },
  call: { 'signed-for': 'calling', 'sms-sent': 'calling', 'visit-requested': 'calling', 'relatives-contacted': 'calling' },
  'send-sms': { 'signed-for': 'sms-sent', calling: 'sms-sent', 'visit-requested': 'sms-sent', 'relatives-contacted': 'sms-sent' },
  'request-visit': { 'signed-for': 'visit-requested', 'sms-sent': 'visit-requested', calling: 'visit-requested', 'relatives-contacted': 'visit-requested' },
  'relatives-contacted': { 'sms-sent': 'relatives-contacted', calling: 'relatives-contacted', 'visit-requested': 'relatives-contacted' },
  outcome: { 'sms-sent': 'dissuaded', calling: 'dissuaded', 'visit-requested': 'dissuaded', 'relatives-contacted': 'dissuaded' },
  feedback: { dissuaded: 'feedback', defrauded: 'feedback', refused: 'feedback', unreachable: 'feedback' },
  evaluate: { feedback: 'evaluated' },
  close: { evaluated: 'closed' },
  void: Object.fromEntries(OPEN.map((s) => [s, 'void'])),
  regrade: Object.fromEntries(OPEN.map((s) => [s, s])),
};

/** The actor each action is tried with in the table: the least privileged one allowed. */
const actorFor = (action: WarningAction): Actor => (action === 'evaluate' ? CITY_SUPERVISOR : action === 'void' ? DISTRICT_SUPERVISOR : AGENT);
const decide = (state: WarningState, action: WarningAction, actor = actorFor(action), grade: WarningGrade = 'high', openVisit = false) =>
  decideTransition({ state, grade, openVisit }, { ...REQUESTS[action], expectedState: state } as WarningTransitionRequest, actor);

describe('warning state machine', () => {
  const cases = (Object.keys(REQUESTS) as WarningAction[]).flatMap((action) => WARNING_STATES.map((state) => [action, state] as const));

  it.each(cases)('%s from %s follows the issue’s graph', (action, state) => {
    const expected = ALLOWED[action][state];
    const decision = decide(state, action);
    if (expected === undefined) {
      expect(decision).toMatchObject({ ok: false, status: 409, code: 'invalid-transition', current: state });
    } else {
      expect(decision).toEqual({ ok: true, state: expected, grade: action === 'regrade' ? 'medium' : 'high' });
    }
  });

  it('answers a stale expected state with a conflict naming the current state, before anything else', () => {
    const decision = decideTransition({ state: 'calling', grade: 'medium', openVisit: false }, { action: 'sign', expectedState: 'issued' }, AGENT);
    expect(decision).toMatchObject({ ok: false, status: 409, code: 'conflict', current: 'calling' });
  });

  it('lets nothing leave closed or void', () => {
    for (const action of Object.keys(REQUESTS) as WarningAction[]) {
      expect(decide('closed', action).ok).toBe(false);
      expect(decide('void', action).ok).toBe(false);
    }
  });

  it('leaves evaluation to a supervisor of a city unit', () => {
    expect(decide('feedback', 'evaluate', AGENT)).toMatchObject({ ok: false, status: 403 });
    expect(decide('feedback', 'evaluate', DISTRICT_SUPERVISOR)).toMatchObject({ ok: false, status: 403 });
    expect(decide('feedback', 'evaluate', { role: 'admin', cityUnit: true })).toMatchObject({ ok: false, status: 403 });
    expect(decide('feedback', 'evaluate', CITY_SUPERVISOR)).toMatchObject({ ok: true, state: 'evaluated' });
  });

  it('lets only supervisors void, and never admins, station officers or auditors do anything', () => {
    expect(decide('calling', 'void', AGENT)).toMatchObject({ ok: false, status: 403 });
    expect(decide('calling', 'void', { role: 'warning-officer', cityUnit: false })).toMatchObject({ ok: false, status: 403 });
    expect(decide('calling', 'void', DISTRICT_SUPERVISOR)).toMatchObject({ ok: true, state: 'void' });
    expect(decide('calling', 'void', { role: 'admin', cityUnit: false })).toMatchObject({ ok: false, status: 403 });
    expect(decide('issued', 'sign', { role: 'station-officer', cityUnit: false })).toMatchObject({ ok: false, status: 403 });
    expect(decide('issued', 'sign', { role: 'warning-officer', cityUnit: false })).toMatchObject({ ok: true, state: 'signed-for' });
    expect(decide('issued', 'sign', { role: 'auditor', cityUnit: false })).toMatchObject({ ok: false, status: 403 });
  });

  it('lets the system actor only send the automatic SMS of an issued instruction', () => {
    expect(decide('issued', 'send-sms', SYSTEM, 'low')).toEqual({ ok: true, state: 'sms-sent', grade: 'low' });
    expect(decide('issued', 'sign', SYSTEM)).toMatchObject({ ok: false, status: 403 });
    expect(decide('calling', 'send-sms', SYSTEM)).toMatchObject({ ok: false, status: 403 });
    // The automatic call the person confirmed (key 1): dissuaded, only before people call.
    const confirmed = (state: WarningState) => decideTransition({ state, grade: 'low', openVisit: false }, { action: 'outcome', outcome: 'dissuaded', expectedState: state }, SYSTEM);
    expect(confirmed('sms-sent')).toEqual({ ok: true, state: 'dissuaded', grade: 'low' });
    expect(confirmed('issued')).toMatchObject({ ok: true, state: 'dissuaded' });
    expect(confirmed('calling')).toMatchObject({ ok: false, status: 403 });
    expect(decideTransition({ state: 'sms-sent', grade: 'low', openVisit: false }, { action: 'outcome', outcome: 'refused', expectedState: 'sms-sent' }, SYSTEM)).toMatchObject({ ok: false, status: 403 });
    // A person signs first.
    expect(decide('issued', 'send-sms', AGENT)).toMatchObject({ ok: false, status: 409, code: 'invalid-transition' });
  });

  it('sends only high and extreme instructions to a station, one visit at a time', () => {
    expect(decide('calling', 'request-visit', AGENT, 'medium')).toMatchObject({ ok: false, code: 'precondition-failed', current: 'calling' });
    expect(decide('calling', 'request-visit', AGENT, 'low')).toMatchObject({ ok: false, code: 'precondition-failed' });
    expect(decide('calling', 'request-visit', AGENT, 'extreme')).toMatchObject({ ok: true, state: 'visit-requested' });
    expect(decide('relatives-contacted', 'request-visit', AGENT, 'high', true)).toMatchObject({ ok: false, code: 'precondition-failed' });
  });

  it('records no outcome while the visit is out at the station', () => {
    expect(decide('visit-requested', 'outcome', AGENT, 'high', true)).toMatchObject({ ok: false, code: 'precondition-failed', current: 'visit-requested' });
    expect(decide('visit-requested', 'outcome', AGENT, 'high', false)).toMatchObject({ ok: true, state: 'dissuaded' });
  });

  it('refuses a regrade to the same grade and keeps the state on a real one', () => {
    expect(decide('calling', 'regrade', AGENT, 'medium')).toMatchObject({ ok: false, code: 'precondition-failed' });
    expect(decide('calling', 'regrade', AGENT, 'low')).toEqual({ ok: true, state: 'calling', grade: 'medium' });
  });

  it('reaches each outcome state', () => {
    for (const outcome of ['dissuaded', 'defrauded', 'refused', 'unreachable'] as const) {
      expect(decideTransition({ state: 'calling', grade: 'medium', openVisit: false }, { action: 'outcome', expectedState: 'calling', outcome }, AGENT)).toMatchObject({ ok: true, state: outcome });
    }
  });
});

describe('grades and overdue', () => {
  const MIN = 60_000;
  it('computes overdue from the grade’s minutes, and stops once an outcome is known', () => {
    const item = { grade: 'medium' as const, issuedAt: 1_000_000, state: 'calling' as const };
    expect(overdueAt({ grades: FOUR_GRADES }, item)).toBe(1_000_000 + 240 * MIN);
    expect(isOverdue({ grades: FOUR_GRADES }, item, 1_000_000 + 240 * MIN - 1)).toBe(false);
    expect(isOverdue({ grades: FOUR_GRADES }, item, 1_000_000 + 240 * MIN)).toBe(true);
    expect(isOverdue({ grades: FOUR_GRADES }, { ...item, state: 'dissuaded' }, 1_000_000 + 999 * MIN)).toBe(false);
    expect(isOverdue({ grades: FOUR_GRADES }, { ...item, state: 'void' }, 1_000_000 + 999 * MIN)).toBe(false);
    expect(hasOutcome('signed-for')).toBe(false);
  });

  it('maps extreme to high in the three-grade national setting', () => {
    expect(gradeSetting({ grades: THREE_GRADES }, 'extreme').grade).toBe('high');
    expect(gradeSetting({ grades: FOUR_GRADES }, 'extreme').grade).toBe('extreme');
    expect(overdueAt({ grades: THREE_GRADES }, { grade: 'extreme', issuedAt: 0 })).toBe(30 * MIN);
  });
});
