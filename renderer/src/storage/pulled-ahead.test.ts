import { describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import type { Case } from '@shared/schemas/case';
import type { Change } from '@shared/sync/protocol';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { throwawayDbs } from '../../../test/fakes/web/throwaway-dbs';
import { saveCallRecord } from './call-repository';
import type { DeskDb } from './db';
import { applyPageAhead } from './pulled-ahead';
import { applyPulledPage, PULL_CURSOR_KEY, recordAcks } from './pulled-changes';

/** `calls` calls as a colleague's desk pushed them (record, case, one or two note segments), from seq `from`. */
function changes(calls: number, from = 1): Change[] {
  const out: Change[] = [];
  let seq = from;
  for (let i = 0; i < calls; i++) {
    const record: CallRecord = callRecordFixture({ sipCallId: `call-${seq}@pbx`, startedAt: 1_700_000_000_000 + seq });
    const caseId = crypto.randomUUID();
    out.push({ seq: seq++, entity: 'callRecord', id: record.id, data: record });
    out.push({
      seq: seq++,
      entity: 'case',
      id: caseId,
      data: { id: caseId, callRecordId: record.id, callerNumber: '+8613800138000', callType: 'consultation', status: 'draft', disposition: null, fraudType: null, fields: { situation: '对方自称客服' }, createdAt: 1, finalisedAt: null },
    });
    // One or two segments per call: a page stores a call's segments as one chunk.
    for (let index = 0; index < 1 + (i % 2); index++) {
      const segment = crypto.randomUUID();
      out.push({ seq: seq++, entity: 'noteSegment', id: segment, data: { id: segment, callRecordId: record.id, index, text: `第${seq}段`, createdAt: seq } });
    }
  }
  return out;
}

const page = (list: Change[], more = false) => ({ changes: list, cursor: list.at(-1)!.seq, purgedThrough: 0, more });

async function snapshot(db: DeskDb) {
  const strip = <T extends { updatedAt?: number }>(rows: T[]) => rows.map(({ updatedAt: _, ...rest }) => rest);
  return { records: await db.callRecords.toArray(), noteChunks: await db.noteChunks.toArray(), cases: strip(await db.cases.toArray()), meta: await db.meta.toArray() };
}

describe('pulled pages written ahead (guessed, checked in the same transaction)', () => {
  const dbs = throwawayDbs('ahead', () => vi.restoreAllMocks());
  const open = async () => {
    const db = dbs.open();
    await db.open();
    return db;
  };

  it('stores pages issued back to back, each before the last committed, exactly as the careful path does', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_800_000_000_000);
    const all = changes(120);
    // Cut at call boundaries (a case's record is on its page), the second cut through a call's two segments.
    const pages = [page(all.slice(0, 140), true), page(all.slice(140, 300), true), page(all.slice(300))];
    const [ahead, careful] = [await open(), await open()];
    // All three issued at once: the second and third wait in IndexedDB behind the one before.
    const written = pages.map((p, i) => applyPageAhead(ahead, p, i === 0 ? 0 : pages[i - 1]!.cursor)!);
    expect(await Promise.all(written.map((w) => w.verdict))).toEqual(['ahead', 'ahead', 'ahead']);
    await Promise.all(written.map((w) => w.committed));
    for (const p of pages) await applyPulledPage(careful, p);
    expect(await snapshot(ahead)).toEqual(await snapshot(careful));
    expect((await ahead.meta.get(PULL_CURSOR_KEY))?.value).toBe(all.at(-1)!.seq);
    // Each case took the Call-ID of its record on the page.
    expect((await ahead.cases.toArray()).every((c) => c.sipCallId?.startsWith('call-'))).toBe(true);
  });

  it('keeps nothing of a page whose page before was not stored (the cursor is not where it starts)', async () => {
    const db = await open();
    const all = changes(60);
    const w = applyPageAhead(db, page(all.slice(84)), 84)!;
    expect(await w.verdict).toBe('redo');
    await w.committed;
    expect(await db.callRecords.count()).toBe(0);
    expect(await db.meta.get(PULL_CURSOR_KEY)).toBeUndefined();
  });

  it('redoes a page when an unsent change, an acknowledgement or a local case bears on it, and keeps nothing of the guess', async () => {
    const list = changes(40);
    const mine = callRecordFixture({ sipCallId: 'mine@desk' });
    const scenarios: Array<[string, (db: DeskDb) => Promise<unknown>]> = [
      ['an unsent change', (db) => saveCallRecord(db, mine)],
      ['an acknowledgement the cursor has not passed', (db) => recordAcks(db, [[`callRecord:${mine.id}`, 500]])],
      ['a case of the page already here', (db) => db.cases.put({ ...(list[1]!.data as Case), sipCallId: 'mine@desk', updatedAt: 1 })],
    ];
    for (const [, prepare] of scenarios) {
      const db = await open();
      await prepare(db);
      const before = await snapshot(db);
      const w = applyPageAhead(db, page(list), 0)!;
      expect(await w.verdict).toBe('redo');
      await w.committed;
      expect(await snapshot(db)).toEqual(before);
    }
  });

  it('is not tried for a page with a case whose call record is not on it (that record must be read first)', async () => {
    const db = await open();
    const list = changes(10).filter((c) => !(c.entity === 'callRecord' && c.seq === 1));
    expect(applyPageAhead(db, page(list), 0)).toBeNull();
  });

  it('is not tried for a page that removes a note segment (the chunks holding it must be read)', async () => {
    const db = await open();
    const list = changes(10);
    const segment = list.find((c) => c.entity === 'noteSegment')!;
    expect(applyPageAhead(db, page(list), 0)).not.toBeNull();
    expect(applyPageAhead(db, page([...list, { seq: 1000, entity: 'noteSegment', id: segment.id, data: null }]), 0)).toBeNull();
  });
});
