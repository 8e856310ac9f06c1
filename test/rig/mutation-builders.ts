import { randomUUID } from 'node:crypto';
import type { CallRecord, NoteSegment } from '../../shared/schemas/call-record';
import type { Mutation } from '../../shared/sync/mutations';
import type { PushRequest } from '../../shared/sync/protocol';

/** A valid inbound call record; override any field. */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    id: randomUUID(),
    sipCallId: `call-${randomUUID()}@127.0.0.1`,
    direction: 'inbound',
    remoteNumber: '13800138000',
    dialedNumber: '96110',
    startedAt: 1_767_225_600_000,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    ...overrides,
  };
}

/** A valid note segment for `callRecordId`. */
export function noteSegment(callRecordId: string, overrides: Partial<NoteSegment> = {}): NoteSegment {
  return { id: randomUUID(), callRecordId, index: 0, text: '来电人称接到冒充公检法电话', createdAt: 1_767_225_660_000, ...overrides };
}

export const upsert = (args: CallRecord, mutationId: string = randomUUID()): Mutation => ({ mutationId, name: 'callRecord.upsert', args });
export const append = (args: NoteSegment, mutationId: string = randomUUID()): Mutation => ({ mutationId, name: 'noteSegment.append', args });

/** A push body from one workstation. */
export const batch = (mutations: Mutation[], clientId: string = randomUUID()): PushRequest => ({ clientId, mutations });
