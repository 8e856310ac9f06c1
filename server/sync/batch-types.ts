import type { SessionUser } from '../../shared/schemas/auth';
import type { AgentState } from '../../shared/schemas/agent-state';
import type { CallRecord, NoteSegment } from '../../shared/schemas/call-record';
import type { Case } from '../../shared/schemas/case';
import type { FollowUp } from '../../shared/schemas/follow-up';
import type { Change } from '../../shared/sync/protocol';
import type { FollowUpBatchState, FollowUpRow } from './entities/follow-ups';

/**
 * A change_log position that may not be allocated yet. Planning runs before seqs are
 * drawn (we only then know how many are needed); the push fills `seq` in afterwards and
 * every result or row that pointed at the ref picks it up.
 */
export interface SeqRef {
  seq?: number;
}

/** A call record as the server holds it: the client's facts plus ownership. */
export interface CallRecordState extends CallRecord {
  agentId: string;
  orgUnitId: string;
  ref: SeqRef;
}

/** A stored note segment plus its author. */
export interface NoteSegmentState extends NoteSegment {
  authorId: string;
  ref: SeqRef;
}

/** A case as the server holds it: the client-facing case plus ownership. */
export interface CaseState extends Case {
  agentId: string;
  orgUnitId: string;
  ref: SeqRef;
}

/** One agent's current state row (keyed by user id). */
export interface AgentStatusState extends AgentState {
  userId: string;
  orgUnitId: string;
  ref: SeqRef;
}

/** Everything a batch's mutations may read, loaded up front in a few queries and updated as the batch is planned. */
export interface BatchState {
  callRecords: Map<string, CallRecordState>;
  noteSegments: Map<string, NoteSegmentState>;
  cases: Map<string, CaseState>;
  followUps: FollowUpBatchState;
}

/** One row to be written, with the change_log entry that publishes it. */
export type PlannedChange =
  /** `data` names the agent who logged the call, so each desk shows only its own user's calls as theirs. */
  | { entity: 'callRecord'; row: CallRecordState; data: CallRecord & { agentId: string } }
  | { entity: 'noteSegment'; row: NoteSegmentState; data: NoteSegment }
  | { entity: 'case'; row: CaseState; data: Case }
  | { entity: 'agentStatus'; row: AgentStatusState; data: AgentState & { userId: string } }
  /** `data` null: a tombstone (the row is deleted). */
  | { entity: 'followUp'; row: FollowUpRow; data: FollowUp | null };

/** What a planner decided for one mutation. */
export type Decision =
  /** A new change: it gets a fresh seq. */
  | { kind: 'change'; change: PlannedChange & { ref: SeqRef } }
  /** Nothing new (the same data is already stored): applied at the existing seq. */
  | { kind: 'same'; ref: SeqRef }
  | { kind: 'rejected'; reason: 'forbidden' | 'conflict' | 'not-found' | 'invalid'; message: string; current?: unknown };

/** Context a mutation planner gets: who is asking and the batch's working state. */
export interface PlanContext {
  user: SessionUser;
  state: BatchState;
}

export type ChangeEntity = Change['entity'];
