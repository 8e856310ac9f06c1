/**
 * The softphone as the rest of the renderer sees it. sip.js stays behind this interface:
 * no sip.js object ever reaches UI code, so its quirks are fixed in one place.
 */

/** What a person is shown about the line, honestly. */
export type RegistrationState = 'offline' | 'connecting' | 'registered' | 'reconnecting' | 'failed';

export interface RegistrationStatus {
  state: RegistrationState;
  /** When `reconnecting`: epoch ms of the next attempt. */
  nextRetryAt?: number;
  /** When `failed` or `reconnecting`: a machine code for the reason (translated by the UI). */
  reason?: string;
}

export type CallState = 'ringing' | 'dialing' | 'early' | 'active' | 'ended';

export type CallEndReason = 'local-hangup' | 'remote-hangup' | 'missed' | 'rejected' | 'failed' | 'transferred' | 'answered-elsewhere';

/** A snapshot of one call; a new object on every change so UI state can compare by identity. */
export interface CallInfo {
  /** Our id (UUID), stable for the life of the call and used as the call record id. */
  id: string;
  /** The SIP Call-ID: what binds a screen-pop or a log entry to exactly this call. */
  sipCallId: string;
  direction: 'inbound' | 'outbound';
  /** The other party's number as received (caller on inbound, callee on outbound). */
  remoteNumber: string;
  /** The number dialled (e.g. 96110 for hotline calls). */
  dialedNumber: string;
  state: CallState;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endReason: CallEndReason | null;
  /** Last SIP status seen on an outbound call, e.g. 486; drives progress text. */
  sipStatus?: number;
  /** On hold, as accepted by the other side (never set before the re-INVITE is accepted). */
  held: boolean;
  /** A hold or resume re-INVITE is in flight. */
  holdPending: boolean;
  /** Our microphone is muted for this call. */
  muted: boolean;
}

/** How DTMF digits are sent: RFC 4733 telephone-events in the media (default) or SIP INFO. */
export type DtmfMode = 'rfc4733' | 'info';

export interface PhoneAccount {
  wsUrl: string;
  domain: string;
  extension: string;
  password?: string;
  displayName?: string;
}

export interface PhoneEvents {
  registration: RegistrationStatus;
  call: CallInfo;
}

/** The softphone. One instance per signed-in agent. */
export interface Phone {
  readonly registration: RegistrationStatus;
  /** Live calls (ended calls are dropped after their final `call` event). */
  calls(): CallInfo[];
  start(account: PhoneAccount): Promise<void>;
  stop(): Promise<void>;
  dial(number: string): Promise<CallInfo>;
  answer(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  /** Puts a call on hold or takes it off; resolves once the other side accepted. */
  setHold(callId: string, held: boolean): Promise<void>;
  setMuted(callId: string, muted: boolean): void;
  /** Blind transfer: asks the other party to call `target` (REFER), then leaves the call. */
  transfer(callId: string, target: string): Promise<void>;
  /** Sends DTMF digits (0-9, *, #, A-D). */
  sendDtmf(callId: string, digits: string): Promise<void>;
  on<K extends keyof PhoneEvents>(event: K, listener: (payload: PhoneEvents[K]) => void): () => void;
}
