import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Mutation } from '@shared/sync/mutations';
import { callRecordFixture } from '../../../test/fakes/web/call-record';
import { throwawayDbs } from '../../../test/fakes/web/throwaway-dbs';
import { flushAnnouncements } from '../storage/action-tx';
import { commitNoteText, saveCallRecord } from '../storage/call-repository';
import type { DeadLetter, DeskDb } from '../storage/db';
import { touchesTables, useTableQuery } from './use-table-query';

const letter = (at: number): DeadLetter => {
  const mutation: Mutation = { mutationId: crypto.randomUUID(), name: 'agentState.set', args: { state: 'ready', reason: null, since: at } };
  return { mutationId: mutation.mutationId, mutation, result: { mutationId: mutation.mutationId, status: 'rejected', reason: 'invalid', message: 'x' }, at };
};

describe('useTableQuery (a query kept live for a whole session)', () => {
  const { open } = throwawayDbs('table-query', () => vi.restoreAllMocks());

  it('runs again when its table changes, in this window by Dexie or by a native user action, and not for other tables', async () => {
    const db = open();
    let runs = 0;
    const { result } = renderHook(() =>
      useTableQuery(db, ['deadLetters'], (d) => (runs++, d.deadLetters.count()), [], null as number | null),
    );
    await waitFor(() => expect(result.current).toBe(0));
    const settled = runs;
    // A shift's actions write call records, notes and the outbox (native transactions): no run.
    const record = callRecordFixture();
    await saveCallRecord(db, record);
    await commitNoteText(db, record.id, '来电人称');
    flushAnnouncements();
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(settled);
    // A dead letter (a Dexie write): it runs and shows it.
    await db.deadLetters.put(letter(1));
    await waitFor(() => expect(result.current).toBe(1));
    expect(runs).toBeGreaterThan(settled);
  });

  it("never shows the last database's answer for the next one (a sign-out, then another user)", async () => {
    const [a, b] = [open(), open()];
    await a.deadLetters.bulkPut([letter(1), letter(2)]);
    const seen: Array<number | null> = [];
    const { result, rerender } = renderHook(({ db }: { db: DeskDb | null }) => {
      const value = useTableQuery(db, ['deadLetters'], (d) => d.deadLetters.count(), [], null as number | null);
      seen.push(value);
      return value;
    }, { initialProps: { db: a as DeskDb | null } });
    await waitFor(() => expect(result.current).toBe(2));
    seen.length = 0;
    rerender({ db: null });
    expect(result.current).toBeNull();
    rerender({ db: b });
    await waitFor(() => expect(result.current).toBe(0));
    expect(seen).not.toContain(2);
  });

  it('tells which announcements touch a table of its database', () => {
    const parts = { 'idb://desk-a/deadLetters/': {}, 'idb://desk-b/outbox/': {} } as never;
    expect(touchesTables(parts, 'desk-a', ['deadLetters'])).toBe(true);
    expect(touchesTables(parts, 'desk-a', ['outbox'])).toBe(false);
    expect(touchesTables(parts, 'desk-b', ['outbox'])).toBe(true);
    expect(touchesTables({ all: {} } as never, 'desk-a', ['followUps'])).toBe(true);
  });
});
