import type { NoteSegment } from '../../../shared/schemas/call-record';
import type { Decision, PlanContext } from '../batch-types';
import { toNoteSegment } from '../entities/note-segments';

const sameSegment = (a: NoteSegment, b: NoteSegment): boolean => JSON.stringify(toNoteSegment(a)) === JSON.stringify(toNoteSegment(b));

/**
 * `noteSegment.append`: anyone who may write in the call record's org unit may add to its
 * note. Segments are immutable and identified by their UUID, so a re-sent identical
 * segment (say, replayed from the crash journal under a new mutation id) is accepted
 * without a new change, while a different body under the same id is a conflict.
 */
export function planNoteSegmentAppend({ user, state }: PlanContext, args: NoteSegment): Decision {
  const record = state.callRecords.get(args.callRecordId);
  if (!record) return { kind: 'rejected', reason: 'not-found', message: 'No such call record; push its callRecord.upsert first.' };
  if (record.orgUnitId !== user.orgUnitId) {
    return { kind: 'rejected', reason: 'forbidden', message: "This call record belongs to another org unit." };
  }
  const existing = state.noteSegments.get(args.id);
  if (existing) {
    return sameSegment(existing, args)
      ? { kind: 'same', ref: existing.ref }
      : { kind: 'rejected', reason: 'conflict', message: 'A note segment with this id already exists with other content.', current: toNoteSegment(existing) };
  }
  const ref = {};
  const row = { ...toNoteSegment(args), authorId: user.id, ref };
  state.noteSegments.set(args.id, row);
  return { kind: 'change', change: { entity: 'noteSegment', row, data: toNoteSegment(args), ref } };
}
