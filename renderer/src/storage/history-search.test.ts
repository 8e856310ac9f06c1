import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { caseNumberOf, shanghaiDayRange } from '@shared/schemas/case-number';
import { HistorySearchQuerySchema, type HistoryItem, type HistorySearchInput } from '@shared/schemas/history';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { saveCallRecord } from './call-repository';
import { openCaseForCall } from './case-repository';
import { DeskDb } from './db';
import { mergeHistory, searchLocalHistory } from './history-search';

const DAY = shanghaiDayRange('2026-11-21')!;
const HOUR = 3_600_000;

describe('local history search', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`history-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await db.delete();
  });

  /** A logged call: its record and its case, opened at `at`. */
  async function logged(remoteNumber: string, at: number, patch: Partial<CallRecord> = {}) {
    const record = callRecordFixture({ remoteNumber, startedAt: at, ...patch });
    await saveCallRecord(db, record);
    return openCaseForCall(db, record, at);
  }
  const search = (input: HistorySearchInput) => searchLocalHistory(db, HistorySearchQuerySchema.parse(input));

  it('finds cases by any spelling of a full number through the callerNumber index, newest first', async () => {
    const older = await logged('13800138000', DAY.from + HOUR);
    const newer = await logged('+8613800138000', DAY.from + 2 * HOUR);
    await logged('13900139000', DAY.from + 3 * HOUR);
    const scan = vi.spyOn(db.cases, 'toArray');
    for (const number of ['13800138000', '+8613800138000', '008613800138000']) {
      const { rows } = await search({ number });
      expect(rows.map((r) => r.caseId), number).toEqual([newer.id, older.id]);
    }
    // The table itself is never read whole: only through where(…) collections.
    expect(scan).not.toHaveBeenCalled();
  });

  it('matches a tail of 4+ digits against the index keys', async () => {
    const a = await logged('13800138000', DAY.from + HOUR);
    const b = await logged('13911118000', DAY.from + 2 * HOUR);
    await logged('13900139001', DAY.from + 3 * HOUR);
    expect((await search({ number: '8000' })).rows.map((r) => r.caseId)).toEqual([b.id, a.id]);
    expect((await search({ number: '18000' })).rows.map((r) => r.caseId)).toEqual([b.id]);
  });

  it('finds a case by its case number (any case, dash optional) and shows the number on the row', async () => {
    const target = await logged('13800138000', DAY.from + HOUR);
    await logged('13800138000', DAY.from + 2 * HOUR);
    const number = caseNumberOf(target);
    expect(number.startsWith('20261121-')).toBe(true);
    for (const typed of [number, number.toLowerCase(), number.replace('-', '')]) {
      const { rows } = await search({ caseNumber: typed });
      expect(rows.map((r) => [r.caseId, r.caseNumber]), typed).toEqual([[target.id, number]]);
    }
    // Same id prefix on another day is another case.
    const otherDay = caseNumberOf({ id: target.id, createdAt: target.createdAt + 24 * HOUR });
    expect((await search({ caseNumber: otherDay })).rows).toEqual([]);
  });

  it('lists a date range with calls that never got a case, each once', async () => {
    const inRange = await logged('13800138000', DAY.from + HOUR);
    const missed = callRecordFixture({ remoteNumber: '13700137000', startedAt: DAY.from + 2 * HOUR, answeredAt: null, endedAt: DAY.from + 2 * HOUR + 20_000, endReason: 'missed' });
    await saveCallRecord(db, missed);
    await logged('13800138000', DAY.to + HOUR);
    const { rows } = await search({ from: String(DAY.from), to: String(DAY.to) });
    expect(rows.map((r) => r.key)).toEqual([`call:${missed.id}`, inRange.id]);
    expect(rows[0]).toMatchObject({ caseId: null, endReason: 'missed', number: '13700137000' });
    expect((await search({ number: '13700137000' })).rows.map((r) => r.key)).toEqual([`call:${missed.id}`]);
  });

  it('needs the record store for a resident ID (local records carry none)', async () => {
    await logged('13800138000', DAY.from + HOUR);
    expect(await search({ idNumber: '11010519491231002X' })).toEqual({ rows: [], needsServer: true });
  });

  it('merges server rows: local copies win and are marked both, server-only rows are marked', async () => {
    const mine = await logged('13800138000', DAY.from + HOUR);
    const { rows } = await search({ number: '13800138000' });
    const item = (caseId: string, createdAt: number): HistoryItem => ({
      caseId,
      caseNumber: caseNumberOf({ id: caseId, createdAt }),
      callRecordId: null,
      callerNumber: '+8613800138000',
      direction: 'inbound',
      callType: 'consultation',
      disposition: 'resolved',
      fraudType: null,
      status: 'final',
      createdAt,
      finalisedAt: createdAt,
      fields: {},
      matchedBy: 'number',
      idNumberMasked: null,
    });
    const remote = crypto.randomUUID();
    const merged = mergeHistory(rows, [item(mine.id, mine.createdAt), item(remote, DAY.from + 5 * HOUR)]);
    expect(merged.map((r) => [r.key, r.origin])).toEqual([
      [remote, 'server'],
      [mine.id, 'both'],
    ]);
    // The local copy (still a draft here) is what shows, not the server's older view.
    expect(merged[1]?.status).toBe('draft');
  });
});
