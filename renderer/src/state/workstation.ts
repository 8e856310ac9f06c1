import type { WorkstationConfig } from '@shared/config';
import type { HostApi } from '@shared/host-api';
import { DESK_ROLES, type SessionUser } from '@shared/schemas/auth';
import { Ringer, ringPatternFor } from '../softphone/ringer';
import { SipPhone } from '../softphone/sip-phone';
import type { AudioChoice } from '../softphone/audio-devices';
import type { CallQuality } from '../softphone/call-quality';
import type { CallInfo, Phone, RegistrationStatus } from '../softphone/types';
import { saveCallRecord } from '../storage/call-repository';
import { callHasDisposition, saveAgentState } from '../storage/agent-state-repository';
import { openCaseForCall, syncCaseCallFacts } from '../storage/case-repository';
import type { AgentState } from '@shared/schemas/agent-state';
import { AgentStateController } from './agent-state';
import { connectDesktop } from './desktop-bridge';
import { DeskDb, dbNameFor } from '../storage/db';
import { recoverOrphanDrafts } from '../storage/draft-recovery';
import { storageHealth } from '../storage/storage-health';
import { attachSegmentJournal, journalOf, replaySegmentJournal, trimAcknowledged } from '../storage/segment-journal';
import { purgeLookupCache } from '../storage/lookup-cache';
import { outboxStats } from '../storage/outbox';
import { runWhileLeader } from '../sync/leader-lock';
import { SyncEngine, type SyncView } from '../sync/sync-engine';
import { RecordStoreClient } from '../sync/record-store-client';
import { callRecordFromCall, opensCase } from './call-record-from-call';
import { OpenedCase } from './opened-case';

/** Everything the UI renders from, replaced (never mutated) on each change. */
/** How often acknowledged segments are trimmed from the host's journal. */
const JOURNAL_TRIM_MS = 15_000;

/** Unsent work of the signed-in user (see `Workstation.unsentWork`). */
export interface UnsentWork {
  pending: number;
  oldestCreatedAt: number | null;
  refused: number;
}

export interface WorkstationSnapshot {
  user: SessionUser | null;
  registration: RegistrationStatus;
  calls: CallInfo[];
  /** The call the case panel shows: the newest live call, else the last one that ended. */
  focusCall: CallInfo | null;
  sync: SyncView | null;
}

/**
 * The signed-in workstation: record store session, local database, phone and sync loop,
 * wired together without React so it can be driven and tested on its own.
 */
export class Workstation {
  private snap: WorkstationSnapshot = { user: null, registration: { state: 'offline' }, calls: [], focusCall: null, sync: null };
  private readonly subscribers = new Set<() => void>();
  private readonly client: RecordStoreClient;
  private db: DeskDb | null = null;
  /** The agent's state (ready, not ready, on call, after-call work, offline), sent to the record store. */
  readonly agentState = new AgentStateController({
    save: (state) => this.saveAgentState(state),
    hasDisposition: (callRecordId) => (this.db ? callHasDisposition(this.db, callRecordId) : Promise.resolve(true)),
  });
  private syncEngine: SyncEngine | null = null;
  private unsubscribers: Array<() => void> = [];
  private releaseSyncLock: (() => void) | null = null;
  private readonly ringer = new Ringer();
  /** The case just opened on answer, committed, for the case panel to show before its own read catches up. */
  readonly openedCase = new OpenedCase();
  /** Serialises call-record writes so events of one call land in order. */
  private writes: Promise<void> = Promise.resolve();
  /** Call events whose writes have not finished (0: a new one may start at once). */
  private queuedWrites = 0;

  constructor(
    readonly host: HostApi,
    readonly config: WorkstationConfig,
    private readonly phone: Phone = new SipPhone({ dtmfMode: config.dtmfMode }),
  ) {
    this.client = new RecordStoreClient(config.recordStoreUrl);
    // Hotline queue calls ring only while the agent can take them (on a call: call waiting, as before).
    this.agentState.subscribe(() => {
      const { state } = this.agentState.getSnapshot();
      this.phone.setQueueCallsAccepted?.(state === 'ready' || state === 'on-call');
    });
  }

  /** For `useSyncExternalStore`. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  };
  readonly getSnapshot = (): WorkstationSnapshot => this.snap;

  get database(): DeskDb | null {
    return this.db;
  }

  /** The record store client (freeze look-ups, templates); carries the session token. */
  get recordStore(): RecordStoreClient {
    return this.client;
  }

  /** Signs in, opens the user's local database, starts sync and registers the phone. */
  async signIn(username: string, password: string): Promise<void> {
    const session = await this.client.login({ username, password });
    this.client.setToken(session.token);
    await this.host.credentials.set('record-store-token', session.token);
    const db = new DeskDb(dbNameFor(session.user.id));
    await db.open();
    this.db = db;
    void storageHealth.start();
    this.unsubscribers.push(() => storageHealth.stop());
    // The second journal: segments IndexedDB lost come back from it; new ones go to it.
    // This user's journal only: another agent's unsent segments stay in theirs for their next sign-in.
    const journal = journalOf(this.host.journal, session.user.id);
    await replaySegmentJournal(db, journal).catch((error: unknown) => console.error('note journal replay failed', error));
    const trimJournal = setInterval(() => void trimAcknowledged(db, journal).catch(() => undefined), JOURNAL_TRIM_MS);
    this.unsubscribers.push(attachSegmentJournal(db, journal), () => clearInterval(trimJournal));
    // Words typed before a crash or a killed window survive only as drafts: make them segments.
    await recoverOrphanDrafts(db).catch((error: unknown) => console.error('draft recovery failed; drafts stay local', error));
    const clientId = await this.clientId(db);
    this.syncEngine = new SyncEngine(db, this.client, clientId, { onStatus: (sync) => this.patch({ sync }), events: globalThis.window });
    this.unsubscribers.push(
      this.phone.on('registration', (registration) => this.patch({ registration })),
      this.phone.on('call', (call) => this.onCall(call)),
      // tel:/sip: links from other programs (Electron), already validated by main.
      this.host.on('event:dial', ({ number }) => void this.dial(number).catch((e: unknown) => console.warn('dial refused', e))),
      // Desktop shell: call activity and agent state out, global shortcuts and tray choices in.
      connectDesktop(this),
    );
    this.patch({ user: session.user });
    // After-call work ends by itself once its time is up and the case is saved.
    const wrapUpTimer = setInterval(() => void this.agentState.tick().catch((e: unknown) => console.warn('wrap-up check failed', e)), 1000);
    this.unsubscribers.push(() => clearInterval(wrapUpTimer));
    // The centre's wrap-up time; a supervisor's desk starts 班长值守 (not routed) until they choose 就绪.
    if (session.desk) this.agentState.setWrapUpMs(session.desk.wrapUpMs);
    void this.agentState.signIn(session.user.role === 'supervisor' ? 'supervising' : 'ready');
    const engine = this.syncEngine;
    // Only desks that hold case data sync (README role table): an admin, auditor or station
    // officer would get 403 on every pull and push, and has no local case data to send.
    if (DESK_ROLES.includes(session.user.role)) this.releaseSyncLock = runWhileLeader(`hotline-desk-sync-${session.user.id}`, () => engine.start(), () => engine.stop());
    if (session.user.sipExtension) {
      // No SIP password given or saved: the phone uses the sign-in password (one credential for
      // both is the common setup; the PBX then refuses a differing one with 话机口令错误).
      let sipPassword = await this.host.credentials.get('sip-password');
      if (!sipPassword) {
        sipPassword = password;
        await this.host.credentials.set('sip-password', password);
      }
      await this.phone.start({
        wsUrl: this.config.sipWsUrl,
        domain: this.config.sipDomain,
        extension: session.user.sipExtension,
        displayName: session.user.displayName,
        password: sipPassword,
      });
    }
  }

  /** Signs in again after the record store dropped our token; local work was never at risk. */
  async reauthenticate(password: string): Promise<void> {
    const user = this.snap.user;
    if (!user) throw new Error('not-signed-in');
    const session = await this.client.login({ username: user.username, password });
    this.client.setToken(session.token);
    await this.host.credentials.set('record-store-token', session.token);
    this.syncEngine?.resume();
  }

  /**
   * What this user has not yet handed to the record store: queued changes (and the age of the
   * oldest) plus refused ones still waiting for a decision. Kept in this user's own database
   * either way; shown at sign-out so the agent can wait for the push or leave it for later.
   */
  async unsentWork(): Promise<UnsentWork> {
    const db = this.db;
    if (!db) return { pending: 0, oldestCreatedAt: null, refused: 0 };
    const [stats, refused] = await Promise.all([outboxStats(db), db.deadLetters.count()]);
    return { ...stats, refused };
  }

  async signOut(): Promise<void> {
    this.agentState.setOffline();
    await this.agentState.flushed();
    await this.phone.stop();
    await this.ringer.dispose();
    this.releaseSyncLock?.();
    this.releaseSyncLock = null;
    this.syncEngine?.stop();
    await this.writes;
    this.unsubscribers.forEach((u) => u());
    this.unsubscribers = [];
    await this.client.logout().catch(() => undefined);
    await this.host.credentials.delete('record-store-token');
    // The SIP password is this agent's secret: the next person at this desk must not register with it.
    await this.host.credentials.delete('sip-password').catch(() => undefined);
    // Cached look-up answers are personal data: they do not outlive the session.
    if (this.db) await purgeLookupCache(this.db).catch((error: unknown) => console.error('look-up cache not purged', error));
    this.openedCase.forget(() => true);
    this.db?.close();
    this.db = null;
    this.syncEngine = null;
    this.patch({ user: null, calls: [], focusCall: null, sync: null, registration: { state: 'offline' } });
  }

  dial(number: string): Promise<CallInfo> {
    return this.phone.dial(number);
  }
  answer(callId: string): Promise<void> {
    return this.phone.answer(callId);
  }
  hangup(callId: string): Promise<void> {
    return this.phone.hangup(callId);
  }
  setHold(callId: string, held: boolean): Promise<void> {
    return this.phone.setHold(callId, held);
  }
  setMuted(callId: string, muted: boolean): void {
    this.phone.setMuted(callId, muted);
  }
  transfer(callId: string, target: string): Promise<void> {
    return this.phone.transfer(callId, target);
  }
  sendDtmf(callId: string, digits: string): Promise<void> {
    return this.phone.sendDtmf(callId, digits);
  }
  /** Attended transfer, step 1: hold the caller and ring `target` to talk first. */
  consult(callId: string, target: string): Promise<CallInfo> {
    return this.phone.consult(callId, target);
  }
  /** Attended transfer, step 2: connect the held caller to the consulted party and leave. */
  completeTransfer(consultCallId: string): Promise<void> {
    return this.phone.completeTransfer(consultCallId);
  }
  /** Puts calls on the chosen microphone and headset and the ringtone on the ringer device. */
  async setAudioRouting(choice: AudioChoice): Promise<void> {
    await this.phone.setAudioRouting({ inputId: choice.inputId, outputId: choice.outputId });
    await this.ringer.setSink(choice.ringerId);
  }
  /** Live quality of a call (polled by the call card). */
  callQuality(callId: string): Promise<CallQuality | null> {
    return this.phone.quality(callId);
  }

  /** Resolves once every call event seen so far is written (call record and case facts). */
  whenWritten(): Promise<void> {
    return this.writes;
  }

  /** A test write (and delete) in the local database, for the storage banner's retry. */
  async probeStorage(): Promise<void> {
    const db = this.db;
    if (!db) throw new Error('not signed in');
    await db.meta.put({ key: 'storage-probe', value: Date.now() });
    await db.meta.delete('storage-probe');
  }

  /** Asks the sync loop to push now (after a local write). */
  kickSync(): void {
    // Only the window holding the sync lock pushes; a kick elsewhere is a no-op by design.
    this.syncEngine?.kickPush();
  }

  private onCall(call: CallInfo): void {
    const calls = this.phone.calls();
    const focusCall = calls.length > 0 ? calls[calls.length - 1]! : call.id === this.snap.focusCall?.id || call.state === 'ended' ? call : this.snap.focusCall;
    this.patch({ calls, focusCall });
    const pattern = ringPatternFor(calls);
    if (pattern) void this.ringer.start(pattern);
    else this.ringer.stop();
    if (call.state === 'ringing') void this.host.focusWindow();
    this.agentState.onCalls(calls, call);
    const db = this.db;
    if (!db) return;
    const write = () => {
      // Both transactions are created now: IndexedDB runs the case's after the record's (both
      // write the outbox), so the outbox keeps record → case, without a main-thread turn between.
      const writes = [saveCallRecord(db, callRecordFromCall(call), this.snap.user?.id), this.caseworkFor(db, call)];
      return Promise.allSettled(writes).then((results) => {
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw failed.reason;
        this.kickSync();
      });
    };
    // Started at once when nothing is queued: the transaction is then under way while React
    // renders the call's new state (chained, it waited for that render: 30-100 ms of an answer).
    const started = this.queuedWrites === 0 ? write() : this.writes.then(write);
    this.queuedWrites++;
    this.writes = started
      .catch((error: unknown) => {
        if (!storageHealth.report(error)) console.error('call record not saved', error);
      })
      .finally(() => void this.queuedWrites--);
  }

  /**
   * A case draft opens on answer and follows the call's end. Called right after the call
   * record's write is started, so its transaction (and outbox row) comes after the record's.
   */
  private async caseworkFor(db: DeskDb, call: CallInfo): Promise<void> {
    if (call.state === 'active' && call.answeredAt !== null && opensCase(call)) {
      const now = Date.now();
      const opened = await openCaseForCall(db, callRecordFromCall(call), now);
      // A case opened just now (later events of the call find the existing one, which the panel
      // already reads), while its call is live: no end is being written into it yet.
      if (opened.createdAt === now && this.phone.calls().some((c) => c.id === call.id && c.state !== 'ended')) this.openedCase.set(opened);
    }
    else if (call.state === 'ended') await syncCaseCallFacts(db, callRecordFromCall(call));
  }

  private async saveAgentState(state: AgentState): Promise<void> {
    const db = this.db;
    if (!db) return;
    await saveAgentState(db, state);
    this.kickSync();
  }

  private async clientId(db: DeskDb): Promise<string> {
    const row = await db.meta.get('clientId');
    if (typeof row?.value === 'string') return row.value;
    const id = crypto.randomUUID();
    await db.meta.put({ key: 'clientId', value: id });
    return id;
  }

  private patch(patch: Partial<WorkstationSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    this.subscribers.forEach((s) => s());
  }
}
