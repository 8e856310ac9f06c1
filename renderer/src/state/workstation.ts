import type { WorkstationConfig } from '@shared/config';
import type { HostApi } from '@shared/host-api';
import type { SessionUser } from '@shared/schemas/auth';
import { Ringer, ringPatternFor } from '../softphone/ringer';
import { SipPhone } from '../softphone/sip-phone';
import type { AudioChoice } from '../softphone/audio-devices';
import type { CallQuality } from '../softphone/call-quality';
import type { CallInfo, Phone, RegistrationStatus } from '../softphone/types';
import { saveCallRecord } from '../storage/call-repository';
import { DeskDb, dbNameFor } from '../storage/db';
import { recoverOrphanDrafts } from '../storage/draft-recovery';
import { runWhileLeader } from '../sync/leader-lock';
import { PushLoop, type SyncStatus } from '../sync/push-loop';
import { RecordStoreClient } from '../sync/record-store-client';
import { callRecordFromCall } from './call-record-from-call';

/** Everything the UI renders from, replaced (never mutated) on each change. */
export interface WorkstationSnapshot {
  user: SessionUser | null;
  registration: RegistrationStatus;
  calls: CallInfo[];
  /** The call the case panel shows: the newest live call, else the last one that ended. */
  focusCall: CallInfo | null;
  sync: SyncStatus | null;
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
  private push: PushLoop | null = null;
  private unsubscribers: Array<() => void> = [];
  private releaseSyncLock: (() => void) | null = null;
  private readonly ringer = new Ringer();
  /** Serialises call-record writes so events of one call land in order. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly host: HostApi,
    readonly config: WorkstationConfig,
    private readonly phone: Phone = new SipPhone({ dtmfMode: config.dtmfMode }),
  ) {
    this.client = new RecordStoreClient(config.recordStoreUrl);
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

  /** Signs in, opens the user's local database, starts sync and registers the phone. */
  async signIn(username: string, password: string): Promise<void> {
    const session = await this.client.login({ username, password });
    this.client.setToken(session.token);
    await this.host.credentials.set('record-store-token', session.token);
    const db = new DeskDb(dbNameFor(session.user.id));
    await db.open();
    this.db = db;
    // Words typed before a crash or a killed window survive only as drafts: make them segments.
    await recoverOrphanDrafts(db).catch((error: unknown) => console.error('draft recovery failed; drafts stay local', error));
    const clientId = await this.clientId(db);
    this.push = new PushLoop(db, this.client, clientId, { onStatus: (sync) => this.patch({ sync }) });
    this.unsubscribers.push(
      this.phone.on('registration', (registration) => this.patch({ registration })),
      this.phone.on('call', (call) => this.onCall(call)),
      // tel:/sip: links from other programs (Electron), already validated by main.
      this.host.on('event:dial', ({ number }) => void this.dial(number).catch((e: unknown) => console.warn('dial refused', e))),
    );
    this.patch({ user: session.user });
    const push = this.push;
    this.releaseSyncLock = runWhileLeader(`hotline-desk-sync-${session.user.id}`, () => push.start(), () => push.stop());
    if (session.user.sipExtension) {
      await this.phone.start({
        wsUrl: this.config.sipWsUrl,
        domain: this.config.sipDomain,
        extension: session.user.sipExtension,
        displayName: session.user.displayName,
        password: (await this.host.credentials.get('sip-password')) ?? undefined,
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
    this.kickSync();
  }

  async signOut(): Promise<void> {
    await this.phone.stop();
    await this.ringer.dispose();
    this.releaseSyncLock?.();
    this.releaseSyncLock = null;
    this.push?.stop();
    await this.writes;
    this.unsubscribers.forEach((u) => u());
    this.unsubscribers = [];
    await this.client.logout().catch(() => undefined);
    await this.host.credentials.delete('record-store-token');
    this.db?.close();
    this.db = null;
    this.push = null;
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

  /** Asks the sync loop to push now (after a local write). */
  kickSync(): void {
    // Only the window holding the sync lock pushes; a kick elsewhere is a no-op by design.
    void this.push?.kick();
  }

  private onCall(call: CallInfo): void {
    const calls = this.phone.calls();
    const focusCall = calls.length > 0 ? calls[calls.length - 1]! : call.id === this.snap.focusCall?.id || call.state === 'ended' ? call : this.snap.focusCall;
    this.patch({ calls, focusCall });
    const pattern = ringPatternFor(calls);
    if (pattern) void this.ringer.start(pattern);
    else this.ringer.stop();
    if (call.state === 'ringing') void this.host.focusWindow();
    const db = this.db;
    if (!db) return;
    this.writes = this.writes
      .then(() => saveCallRecord(db, callRecordFromCall(call)))
      .then(() => this.kickSync())
      .catch((error: unknown) => console.error('call record not saved', error));
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
