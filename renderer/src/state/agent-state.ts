import type { AgentState, AgentStateName, NotReadyReason } from '@shared/schemas/agent-state';
import type { CallInfo } from '../softphone/types';

/** The agent's state as the UI shows it. */
export interface AgentStatus {
  state: AgentStateName;
  reason: NotReadyReason | null;
  since: number;
  /** The call whose case needs a disposition before ready (kept through a not-ready break, so a break cannot skip it). */
  wrapUpCallId: string | null;
  /** In after-call work: when the agent goes back to ready by itself (once the case is saved). */
  wrapUpUntil: number | null;
}

/** The wrap-up time after a call (after-call work) unless the centre sets one, and what one extension adds. */
export const DEFAULT_WRAP_UP_MS = 60_000;
export const WRAP_UP_EXTENSION_MS = 30_000;

/** What the controller needs from the outside world (storage, sync); injected so it runs in tests without Dexie. */
export interface AgentStateDeps {
  /** Persists and queues `agentState.set`. */
  save(state: AgentState): Promise<void>;
  /** Whether the call's case has its disposition. */
  hasDisposition(callRecordId: string): Promise<boolean>;
  now?: () => number;
  /** After-call work lasts this long, then ready once the case has its disposition (DEFAULT_WRAP_UP_MS). */
  wrapUpMs?: number;
}

/** How the desk starts at sign-in: call-takers ready; supervisors not routed until they choose 就绪. */
export type SignInState = 'ready' | 'supervising';

/** Thrown by `setReady` while the wrapped-up call has no disposition. */
export class DispositionRequiredError extends Error {
  constructor(readonly callRecordId: string) {
    super('disposition-required');
  }
}

const LIVE: ReadonlySet<CallInfo['state']> = new Set(['dialing', 'early', 'active']);

/**
 * Agent states: ready, not ready (with a reason), on call, after-call work, offline. The
 * phone drives `on-call` (while a call is up) and `after-call-work` (after an answered call
 * ends); the agent drives the rest. Leaving after-call work for ready needs the case's
 * disposition, so no call goes unlogged. Each change is saved and sent with `agentState.set`.
 */
export class AgentStateController {
  private status: AgentStatus;
  /** The centre's wrap-up time (record store configuration, sent at sign-in); the deps' until then. */
  private wrapUpMs: number;
  private readonly listeners = new Set<() => void>();
  /** Serialises saves so the server sees transitions in the order they happened. */
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AgentStateDeps) {
    this.status = { state: 'offline', reason: null, since: this.now(), wrapUpCallId: null, wrapUpUntil: null };
    this.wrapUpMs = deps.wrapUpMs ?? DEFAULT_WRAP_UP_MS;
  }

  /** The centre's wrap-up time for the following after-call work (a running one keeps its end). */
  setWrapUpMs(ms: number): void {
    this.wrapUpMs = ms;
  }

  /**
   * The state at sign-in. A supervisor's desk starts 未就绪 (班长值守): routing and the phone
   * then leave 96110 calls to the call-takers until the supervisor chooses 就绪 themselves.
   */
  async signIn(start: SignInState): Promise<void> {
    if (start === 'supervising') this.setNotReady('supervising');
    else await this.setReady();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly getSnapshot = (): AgentStatus => this.status;

  /** Follows the phone: on call while any call is up; after-call work when an answered call ends. */
  onCalls(calls: CallInfo[], changed: CallInfo): void {
    const live = calls.some((c) => LIVE.has(c.state));
    if (live && this.status.state !== 'on-call') this.move('on-call', null, null);
    else if (!live && this.status.state === 'on-call') {
      const wrapUp = changed.state === 'ended' && changed.answeredAt !== null ? changed.id : null;
      if (wrapUp) this.move('after-call-work', null, wrapUp);
      else this.move('ready', null, null);
    }
  }

  /** Ready for the next call; from after-call work only once the call's case has a disposition. */
  async setReady(): Promise<void> {
    const callId = this.status.wrapUpCallId;
    if (callId && !(await this.deps.hasDisposition(callId))) throw new DispositionRequiredError(callId);
    this.move('ready', null, null);
  }

  setNotReady(reason: NotReadyReason): void {
    if (this.status.state === 'on-call') return;
    this.move('not-ready', reason, this.status.wrapUpCallId);
  }

  setOffline(): void {
    this.move('offline', null, null);
  }

  /** One more stretch of after-call work (the agent needs longer for this case). */
  extendWrapUp(): void {
    const until = this.status.wrapUpUntil;
    if (this.status.state !== 'after-call-work' || until === null) return;
    this.status = { ...this.status, wrapUpUntil: Math.max(until, this.now()) + WRAP_UP_EXTENSION_MS };
    this.listeners.forEach((l) => l());
  }

  /**
   * Called every second: when the wrap-up time is over and the case is saved with its
   * disposition, the agent is ready again without a click. Until the case is saved it waits.
   */
  async tick(): Promise<void> {
    const { state, wrapUpUntil, wrapUpCallId } = this.status;
    if (state !== 'after-call-work' || wrapUpUntil === null || this.now() < wrapUpUntil) return;
    if (wrapUpCallId && !(await this.deps.hasDisposition(wrapUpCallId))) return;
    // The agent may have moved on meanwhile (a break, a new call): only this wrap-up ends here.
    if (this.status.state === 'after-call-work' && this.status.wrapUpUntil === wrapUpUntil) this.move('ready', null, null);
  }

  /** Resolves when every change so far is saved (sign-out waits on it). */
  flushed(): Promise<void> {
    return this.saving;
  }

  private move(state: AgentStateName, reason: NotReadyReason | null, wrapUpCallId: string | null): void {
    if (this.status.state === state && this.status.reason === reason && this.status.wrapUpCallId === wrapUpCallId) return;
    const since = this.now();
    const wrapUpUntil = state === 'after-call-work' ? since + this.wrapUpMs : null;
    this.status = { state, reason, since, wrapUpCallId, wrapUpUntil };
    this.listeners.forEach((l) => l());
    this.saving = this.saving.then(() => this.deps.save({ state, reason, since })).catch((error: unknown) => console.error('agent state not saved', error));
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}
