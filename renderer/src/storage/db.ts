import Dexie, { type Table } from 'dexie';
import type { CallRecord, NoteSegment } from '@shared/schemas/call-record';
import type { Case } from '@shared/schemas/case';
import type { FollowUp } from '@shared/schemas/follow-up';
import type { Mutation } from '@shared/sync/mutations';
import type { MutationResult } from '@shared/sync/protocol';
import type { CachedLookupRow } from './lookup-cache';
import { chunksByCall, type NoteChunk } from './note-chunks';
import { withEntityKey } from './outbox';
import { migratePullMaps } from './pull-meta';
import type { CachedTemplateRow } from './template-cache';

/**
 * A call record as kept locally: the shared record plus who logged it (`agentId`: set when
 * this desk logs it, and by the record store on pulled ones; absent on rows pulled from an
 * older record store). A unit's records reach every desk of the unit, so "my recent calls"
 * are the ones whose `agentId` is the signed-in user.
 */
export type LocalCallRecord = CallRecord & { agentId?: string };

/** The unsent part of a note, saved on every debounce tick so no keystroke is lost. */
export interface NoteDraft {
  callRecordId: string;
  text: string;
  updatedAt: number;
}

/** A mutation waiting for the record store's acknowledgement. Ordered by `seq`. */
export interface OutboxRow {
  seq?: number;
  mutationId: string;
  mutation: Mutation;
  createdAt: number;
  attempts: number;
  /** `entity:id` of the pulled entity the mutation writes (indexed, version 5); absent for untracked mutations. */
  entityKey?: string;
  /**
   * A `noteSegment.append` stored without its `args.text`: the text is the note segment's of
   * the same id, read back with the row (outbox.ts `nextBatch`) instead of stored twice. Safe
   * because a segment never changes and is never purged while its mutation waits.
   */
  textInSegment?: true;
}

/** A mutation the server refused; kept until a person acts on it. Never dropped silently. */
export interface DeadLetter {
  mutationId: string;
  mutation: Mutation;
  result: Extract<MutationResult, { status: 'rejected' }>;
  at: number;
}

/** A case as kept locally: the shared case plus what the workstation tracks about it. */
export interface LocalCase extends Case {
  /** The SIP Call-ID of the call it was opened for: the case panel binds to exactly that call. */
  sipCallId: string | null;
  updatedAt: number;
}

/** A follow-up as kept locally: the shared follow-up plus when this workstation last changed it. */
export interface LocalFollowUp extends FollowUp {
  updatedAt: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * The workstation's local database, one per signed-in user. Schema changes add a new
 * `version()` whose upgrade migrates (never drops) the outbox.
 */
export class DeskDb extends Dexie {
  callRecords!: Table<LocalCallRecord, string>;
  /** A call's note segments, one or more per row (note-chunks.ts). */
  noteChunks!: Table<NoteChunk, [string, number, string]>;
  noteDrafts!: Table<NoteDraft, string>;
  outbox!: Table<OutboxRow, number>;
  deadLetters!: Table<DeadLetter, string>;
  meta!: Table<MetaRow, string>;
  /** Offline freeze look-up answers, sealed (lookup-cache.ts). */
  freezeLookups!: Table<CachedLookupRow, string>;
  templates!: Table<CachedTemplateRow, string>;
  cases!: Table<LocalCase, string>;
  followUps!: Table<LocalFollowUp, string>;

  constructor(name: string) {
    // No optimistic query cache: user actions commit as native transactions (action-tx.ts) that
    // the cache would not see, so a live query must re-read IndexedDB when told of a change.
    super(name, { cache: 'disabled' });
    this.version(1).stores({
      callRecords: 'id, sipCallId, startedAt',
      noteSegments: 'id, callRecordId, [callRecordId+index]',
      noteDrafts: 'callRecordId',
      outbox: '++seq, &mutationId, createdAt',
      deadLetters: 'mutationId, at',
      meta: 'key',
    });
    // Casework: cases by call (screen-pop binding) and by caller number (earlier contacts).
    this.version(3).stores({
      cases: 'id, callRecordId, sipCallId, callerNumber, createdAt',
    });
    // Freeze look-up answers (sealed, found by opening rows; purged by TTL) and the template set.
    this.version(4).stores({
      freezeLookups: 'id, expiresAt',
      templates: 'id, key',
    });
    // The outbox indexed by the entity each mutation writes, so a pulled page looks up its own
    // entities instead of reading the whole outbox. The upgrade keys the rows already queued.
    this.version(5)
      .stores({ outbox: '++seq, &mutationId, createdAt, entityKey' })
      .upgrade((tx) => tx.table<OutboxRow, number>('outbox').toCollection().modify((row) => void withEntityKey(row)));
    // Follow-ups (回访/跟进): "my open ones by due time" and the ones of a case.
    this.version(6).stores({
      followUps: 'id, dueAt, caseId, [assigneeId+state]',
    });
    // Every index is one more write in each user action's transaction (the offline-writes bench
    // measured indexes at about half of a transaction's cost), so only indexes a query uses stay:
    // nothing looks rows up by SIP Call-ID or an outbox row by mutation id or age, and
    // `where('callRecordId')` on note segments is served by the compound index's prefix.
    this.version(7).stores({
      callRecords: 'id, startedAt',
      noteSegments: 'id, [callRecordId+index]',
      outbox: '++seq, entityKey',
      cases: 'id, callRecordId, callerNumber, createdAt',
    });
    // The pull's acknowledged seqs and held-back versions: one meta row per entity instead of a
    // whole map rewritten on every page and acknowledgement (pull-meta.ts). The upgrade splits the maps.
    this.version(8)
      .stores({})
      .upgrade((tx) => migratePullMaps(tx));
    // Note segments in chunks, a call's segments in one row (note-chunks.ts): an initial pull's
    // IndexedDB time is mostly per row. Keyed by the call and the chunk's last segment, so a
    // call's chunks are a range of the primary key and no index is needed. The upgrade moves
    // each call's segments into one chunk; version 10 then drops the old table.
    this.version(9)
      .stores({ noteChunks: '[callRecordId+lastIndex+lastId]' })
      .upgrade(async (tx) => {
        const segments = await tx.table<NoteSegment, string>('noteSegments').toArray();
        await tx.table<NoteChunk>('noteChunks').bulkPut(chunksByCall(segments));
      });
    this.version(10).stores({ noteSegments: null });
    this.outbox.hook('creating', (_key, row) => void withEntityKey(row));
  }
}

/** Database name for a user: local data of different agents on one machine never mixes. */
export function dbNameFor(userId: string): string {
  return `hotline-desk-${userId}`;
}
