import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import type { Case } from '@shared/schemas/case';
import type { Change } from '@shared/sync/protocol';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { allSegments, segmentById } from '../../../test/fakes/web/note-segments';
import { throwawayDbs } from '../../../test/fakes/web/throwaway-dbs';
import { Prng } from '../../../test/sync-harness/prng';
import type { DeskDb } from './db';
import { writeChanges } from './pulled-writes';

const serverCase = (id: string, callRecordId: string | null, patch: Partial<Case> = {}): Case => ({
  id,
  callRecordId,
  callerNumber: '+8613800138000',
  callType: 'consultation',
  status: 'draft',
  disposition: null,
  fraudType: null,
  fields: { situation: '对方自称客服' },
  createdAt: 1_700_000_000_000,
  finalisedAt: null,
  ...patch,
});

async function snapshot(db: DeskDb) {
  const strip = <T extends { updatedAt?: number }>(rows: T[]) => rows.map(({ updatedAt: _, ...rest }) => rest);
  return { records: await db.callRecords.toArray(), segments: await allSegments(db), cases: strip(await db.cases.toArray()), followUps: strip(await db.followUps.toArray()) };
}

const inTx = (db: DeskDb, fn: () => Promise<void>) => db.transaction('rw', [db.callRecords, db.noteChunks, db.cases, db.followUps], fn);

describe('writeChanges (bulk page writes)', () => {
  const { open } = throwawayDbs('writes', () => vi.restoreAllMocks());
  beforeEach(() => {
    vi.spyOn(Date, 'now').mockReturnValue(1_800_000_000_000);
  });

  it('sees earlier changes of the same page: a case takes the Call-ID of a record on it; the last valid version wins', async () => {
    const db = open();
    const record = callRecordFixture();
    const kept = callRecordFixture();
    const caseId = crypto.randomUUID();
    const segment = { id: crypto.randomUUID(), callRecordId: record.id, index: 0, text: '来电人称', createdAt: 1 };
    const changes: Change[] = [
      { seq: 1, entity: 'callRecord', id: record.id, data: record },
      { seq: 2, entity: 'case', id: caseId, data: serverCase(caseId, record.id) },
      { seq: 3, entity: 'callRecord', id: record.id, data: { ...record, endReason: 'remote-hangup', endedAt: record.startedAt + 5 } },
      { seq: 4, entity: 'noteSegment', id: segment.id, data: segment },
      { seq: 5, entity: 'noteSegment', id: segment.id, data: null },
      { seq: 6, entity: 'callRecord', id: kept.id, data: kept },
      { seq: 7, entity: 'callRecord', id: kept.id, data: { ...kept, direction: 'sideways' } }, // refused by the schema
    ];
    await inTx(db, () => writeChanges(db, changes, new Map()));
    expect(await db.cases.get(caseId)).toMatchObject({ id: caseId, sipCallId: record.sipCallId });
    expect(await db.callRecords.get(record.id)).toMatchObject({ endReason: 'remote-hangup' });
    expect(await segmentById(db, segment.id)).toBeUndefined();
    expect(await db.callRecords.get(kept.id)).toEqual(kept);
  });

  it('gives the same result as writing the changes one by one (random pages over a few ids)', async () => {
    const prng = new Prng(20261122);
    const rand = () => prng.next();
    const pick = <T,>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
    for (let round = 0; round < 25; round++) {
      const records = Array.from({ length: 3 }, () => callRecordFixture());
      const caseIds = Array.from({ length: 3 }, () => crypto.randomUUID());
      // A segment never changes (the record store refuses a different one under a known id): it is there or removed.
      const segments = Array.from({ length: 3 }, (_, i) => ({ id: crypto.randomUUID(), callRecordId: pick(records).id, index: i, text: `第${i}段`, createdAt: i }));
      const change = (seq: number): Change => {
        const kind = rand();
        if (kind < 0.35) {
          const r = pick(records);
          const roll = rand();
          return { seq, entity: 'callRecord', id: r.id, data: roll < 0.15 ? null : roll < 0.25 ? { id: r.id } : { ...r, sipCallId: `${seq}@x` } };
        }
        if (kind < 0.75) {
          const id = pick(caseIds);
          const roll = rand();
          return { seq, entity: 'case', id, data: roll < 0.15 ? null : roll < 0.25 ? { id, status: 'lost' } : serverCase(id, rand() < 0.2 ? null : pick(records).id, { callType: pick(['consultation', 'fraud-report'] as const) }) };
        }
        const segment = pick(segments);
        return { seq, entity: 'noteSegment', id: segment.id, data: rand() < 0.2 ? null : segment };
      };
      const before = Array.from({ length: 6 }, (_, i) => change(i + 1));
      const page = Array.from({ length: 30 }, (_, i) => change(i + 100));
      const [bulk, single] = [open(), open()];
      for (const db of [bulk, single]) await inTx(db, () => writeChanges(db, before, new Map()));
      await inTx(bulk, () => writeChanges(bulk, page, new Map()));
      for (const c of page) await inTx(single, () => writeChanges(single, [c], new Map()));
      expect(await snapshot(bulk)).toEqual(await snapshot(single));
    }
  });

  it('an existing local case keeps its own Call-ID', async () => {
    const db = open();
    const record: CallRecord = callRecordFixture();
    const caseId = crypto.randomUUID();
    await db.callRecords.put(record);
    await db.cases.put({ ...serverCase(caseId, record.id), sipCallId: 'mine@desk', updatedAt: 1 });
    await inTx(db, () => writeChanges(db, [{ seq: 9, entity: 'case', id: caseId, data: serverCase(caseId, record.id, { status: 'final', finalisedAt: 2 }) }], new Map()));
    expect(await db.cases.get(caseId)).toMatchObject({ status: 'final', sipCallId: 'mine@desk' });
  });
});
