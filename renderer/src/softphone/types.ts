/**
 * The softphone as the rest of the renderer sees it. sip.js stays behind this interface:
 * no sip.js object ever reaches UI code, so its quirks are fixed in one place.
 */
import type { CallQuality } from './call-quality';

/** What a person is shown about the line, honestly. */
export type RegistrationState = 'offline' | 'connecting' | 'registered' | 'reconnecting' | 'failed';

/** `RegistrationStatus.reason` when the PBX refused the SIP password: retrying stops, the UI says so. */
export const SIP_AUTH_FAILED = 'sip-auth';

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
  /** The other side holds us (its re-INVITE offered sendonly/inactive audio): silence is expected, not dead air. */
  remoteHeld?: boolean;
  /** A hold or resume re-INVITE is in flight. */
  holdPending: boolean;
  /** Our microphone is muted for this call. */
  muted: boolean;
  /**
   * The signalling connection dropped during the call and the call is being refreshed over
   * the new one (re-INVITE with an ICE restart); audio may be interrupted meanwhile.
   */
  recovering: boolean;
  /** Set on a consultation call: the id of the call it may be transferred into (attended transfer). */
  consultFor?: string;
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

/** Where call audio goes; '' means the system default device. */
export interface AudioRouting {
  inputId: string;
  outputId: string;
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
  /**
   * Attended transfer, step 1: holds `callId` and calls `target` for a consultation.
   * The returned call carries `consultFor: callId`.
   */
  consult(callId: string, target: string): Promise<CallInfo>;
  /**
   * Attended transfer, step 2: asks the held party to call the consulted party in place of
   * us (REFER with Replaces, RFC 5589 §7), then leaves both calls.
   */
  completeTransfer(consultCallId: string): Promise<void>;
  /** Live quality of a call's inbound audio since the previous reading; null before media flows. */
  quality(callId: string): Promise<CallQuality | null>;
  /** Microphone and headset for calls, applied to live calls too. */
  setAudioRouting(routing: AudioRouting): Promise<void>;
  /** Sends DTMF digits (0-9, *, #, A-D). */
  sendDtmf(callId: string, digits: string): Promise<void>;
  /**
   * Whether hotline queue calls may ring (the agent is ready or already on a call). While not,
   * an INVITE the PBX marks as a queue call (`X-Hotline-Route`) is declined 480: the second
   * line of defence behind the record store's routing, and the rule of its ring-all fallback.
   */
  setQueueCallsAccepted?(accepted: boolean): void;
  on<K extends keyof PhoneEvents>(event: K, listener: (payload: PhoneEvents[K]) => void): () => void;
}
