import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { DeskDb } from '../../storage/db';
import { formatClock } from '../../ui/format-time';
import { NoteEditor } from './NoteEditor';

const CALL = '4a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const ANSWERED = Date.UTC(2026, 10, 21, 6, 0, 0);

describe('note paragraphs are stamped with the time since the answer', () => {
  let db: DeskDb;
  let clock: number;
  beforeEach(() => {
    db = new DeskDb(`segment-time-${crypto.randomUUID()}`);
    clock = ANSWERED;
    // A controlled clock for the segments' stored times (timers stay real for IndexedDB).
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterEach(async () => {
    cleanup();
    vi.restoreAllMocks();
    await db.delete();
  });

  async function commitAt(at: number, text: string) {
    clock = at;
    const input = screen.getByTestId('note-input') as HTMLTextAreaElement;
    await waitFor(() => expect(input.disabled).toBe(false));
    fireEvent.change(input, { target: { value: text } });
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.getAllByTestId('note-segment').some((s) => s.textContent?.endsWith(text))).toBe(true));
  }
  const stamps = () => screen.getAllByTestId('note-segment-time').map((s) => s.textContent?.trim());

  it('shows +mm:ss from the stored answer time, minutes past the hour included, with the clock as tooltip', async () => {
    await db.callRecords.put({ id: CALL, sipCallId: 'st@pbx', direction: 'inbound', remoteNumber: '13800138000', dialedNumber: '96110', startedAt: ANSWERED - 8000, answeredAt: ANSWERED, endedAt: null, endReason: null });
    await renderWithProviders(<NoteEditor db={db} callId={CALL} onCommitted={() => undefined} />);
    await commitAt(ANSWERED - 3000, '振铃时记下的号码');
    await commitAt(ANSWERED + 3 * 60_000 + 12_000, '来电人称卡被冻结');
    await commitAt(ANSWERED + 75 * 60_000 + 5_000, '情绪已平稳');
    expect(stamps()).toEqual(['接通前', '+03:12', '+75:05']);
    const second = screen.getAllByTestId('note-segment-time')[1]!;
    expect(second.getAttribute('title')).toBe(`记录于 ${formatClock(ANSWERED + 192_000, 'zh-CN')}`);
  });

  it('falls back to the clock time when the call has no answer time stored', async () => {
    await renderWithProviders(<NoteEditor db={db} callId={CALL} onCommitted={() => undefined} />);
    await commitAt(ANSWERED + 60_000, '未接通的留言');
    expect(stamps()).toEqual([formatClock(ANSWERED + 60_000, 'zh-CN')]);
  });
});
