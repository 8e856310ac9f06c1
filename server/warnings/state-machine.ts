import type { Role } from '../../shared/schemas/auth';
import { OUTCOME_STATES, WORKING_STATES, type WarningAction, type WarningGrade, type WarningState, type WarningTransitionRequest } from '../../shared/schemas/warning';

/**
 * The warning-instruction state machine, pure so every rule is unit-tested without a database.
 *
 *   issued → signed-for → { sms-sent | calling | visit-requested | relatives-contacted }*
 *          → { dissuaded | defrauded | refused | unreachable } → feedback → evaluated → closed
 *
 * - The working states may follow one another in any order (call, then SMS after no answer,
 *   then relatives, then a visit…); `relatives-contacted` needs someone to have tried first.
 * - `issued → sms-sent` only for the system (the automatic low-grade SMS rule); people sign first.
 * - A visit may only be requested for a high or extreme instruction (regrade first), and no
 *   outcome may be recorded while a visit is out at a station (the station returns it first).
 * - `void` (with a reason) from any open state; `regrade` in any open state keeps the state
 *   and appends to the history.
 *
 * Role rules, kept deliberately simple: the route has already checked that the caller's org
 * scope covers the instruction. Then: work steps and regrading: call-taker, supervisor, admin;
 * void: supervisor or admin; evaluate: a supervisor of a city unit (the city centre); the
 * system actor only sends the automatic SMS and records an automatic call confirmed with key 1.
 */

/** Who asks. `system` is the server's own rules (no session). */
export interface Actor {
  role: Role | 'system';
  /** The actor's org unit is a city centre. */
  cityUnit: boolean;
}

/** What the machine needs to know about the instruction besides its state. */
export interface InstructionFacts {
  state: WarningState;
  grade: WarningGrade;
  /** A visit is dispatched and not yet returned by the station. */
  openVisit: boolean;
}

export type TransitionDecision =
  | { ok: true; state: WarningState; grade: WarningGrade }
  | { ok: false; status: 403 | 409; code: 'conflict' | 'invalid-transition' | 'precondition-failed' | 'forbidden'; message: string; current: WarningState };

const FINAL: ReadonlySet<WarningState> = new Set(['closed', 'void']);
const WORKING: ReadonlySet<WarningState> = new Set(WORKING_STATES);
/** Desk roles (README role table): admins run the system and hold no case data, stations only record visits. */
const WORK_ROLES: ReadonlySet<Actor['role']> = new Set(['call-taker', 'warning-officer', 'supervisor']);

/** States from which the automatic caller may record its confirmed warning (server/auto-call). */
const SYSTEM_CALL_FROM: ReadonlySet<WarningState> = new Set<WarningState>(['issued', 'signed-for', 'sms-sent']);

/** States a person's action may start from (regrade and void: every open state). The system actor has its own rules. */
export const ALLOWED_FROM: Readonly<Record<WarningAction, readonly WarningState[]>> = {
  sign: ['issued'],
  call: ['signed-for', 'sms-sent', 'visit-requested', 'relatives-contacted'],
  'send-sms': ['signed-for', 'calling', 'visit-requested', 'relatives-contacted'],
  'request-visit': ['signed-for', 'sms-sent', 'calling', 'relatives-contacted'],
  'relatives-contacted': ['sms-sent', 'calling', 'visit-requested'],
  outcome: [...WORKING_STATES],
  feedback: [...OUTCOME_STATES],
  evaluate: ['feedback'],
  close: ['evaluated'],
  void: openStates(),
  regrade: openStates(),
};

function openStates(): WarningState[] {
  return ['issued', 'signed-for', ...WORKING_STATES, ...OUTCOME_STATES, 'feedback', 'evaluated'];
}

/** True when no further transition (but none) is possible. */
export const isFinal = (state: WarningState): boolean => FINAL.has(state);
/** True once an outcome is known (overdue no longer applies). */
export const hasOutcome = (state: WarningState): boolean => !WORKING.has(state) && state !== 'issued' && state !== 'signed-for';

function targetOf(request: WarningTransitionRequest, facts: InstructionFacts): WarningState {
  switch (request.action) {
    case 'sign':
      return 'signed-for';
    case 'call':
      return 'calling';
    case 'send-sms':
      return 'sms-sent';
    case 'request-visit':
      return 'visit-requested';
    case 'relatives-contacted':
      return 'relatives-contacted';
    case 'outcome':
      return request.outcome;
    case 'feedback':
      return 'feedback';
    case 'evaluate':
      return 'evaluated';
    case 'close':
      return 'closed';
    case 'void':
      return 'void';
    case 'regrade':
      return facts.state;
  }
}

function roleProblem(request: WarningTransitionRequest, actor: Actor): string | null {
  if (!WORK_ROLES.has(actor.role)) return `The ${actor.role} role may not work warning instructions.`;
  if (request.action === 'void' && actor.role !== 'supervisor') return 'Only a supervisor may void an instruction.';
  if (request.action === 'evaluate' && !(actor.role === 'supervisor' && actor.cityUnit)) return 'Only the city centre (a supervisor of a city unit) evaluates.';
  return null;
}

/**
 * Decides one transition. Order of checks: the client's expected state (stale clients learn
 * the current state first), then whether the action is possible from it, then the role,
 * then the action's own preconditions.
 */
export function decideTransition(facts: InstructionFacts, request: WarningTransitionRequest, actor: Actor): TransitionDecision {
  const current = facts.state;
  const refuse = (status: 403 | 409, code: Extract<TransitionDecision, { ok: false }>['code'], message: string): TransitionDecision => ({ ok: false, status, code, message, current });
  if (request.expectedState !== current) return refuse(409, 'conflict', `The instruction is ${current}, not ${request.expectedState}; reload it.`);
  if (actor.role === 'system') {
    // The automatic low-grade SMS: issued → sms-sent.
    if (request.action === 'send-sms' && current === 'issued') return { ok: true, state: 'sms-sent', grade: facts.grade };
    // The automatic call (issue 19): the person heard the warning and pressed 1 ("了解"), the
    // agents' "dissuaded" outcome; only before a person has started calling (nothing called twice).
    if (request.action === 'outcome' && request.outcome === 'dissuaded' && SYSTEM_CALL_FROM.has(current)) return { ok: true, state: 'dissuaded', grade: facts.grade };
    return refuse(403, 'forbidden', 'The server rules only send the automatic SMS of an issued instruction and record an automatic call the person confirmed.');
  }
  if (!ALLOWED_FROM[request.action].includes(current)) return refuse(409, 'invalid-transition', `Cannot ${request.action} an instruction that is ${current}.`);
  const problem = roleProblem(request, actor);
  if (problem) return refuse(403, 'forbidden', problem);
  if (request.action === 'request-visit' && facts.grade !== 'high' && facts.grade !== 'extreme') {
    return refuse(409, 'precondition-failed', `Only high and extreme instructions go to a station for a visit; this one is ${facts.grade} (regrade it first).`);
  }
  if (request.action === 'request-visit' && facts.openVisit) return refuse(409, 'precondition-failed', 'A visit is already out at a station.');
  if (request.action === 'outcome' && facts.openVisit) return refuse(409, 'precondition-failed', 'The visit has not been returned by the station yet.');
  if (request.action === 'regrade' && request.grade === facts.grade) return refuse(409, 'precondition-failed', `The instruction is already ${facts.grade}.`);
  return { ok: true, state: targetOf(request, facts), grade: request.action === 'regrade' ? request.grade : facts.grade };
}

/** For documentation and tests: is `action` possible from `state` at all (ignoring roles and preconditions)? */
export const canStart = (action: WarningAction, state: WarningState): boolean => ALLOWED_FROM[action].includes(state);
