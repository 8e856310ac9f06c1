import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { loadNote } from '../../storage/call-repository';
import { DeskDb } from '../../storage/db';
import { NoteEditor } from './NoteEditor';

const CALL = '0b9f2c4e-5d6a-4b7c-8d9e-0f1a2b3c4d5e';

/**
 * Issue 15: an over-long paragraph used to be accepted locally and then refused by the
 * record store with the whole batch, wedging the outbox. The composer now refuses it at
 * once, naming the limit, keeps the words on screen, and queues nothing.
 */
describe('note composer limits', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`note-limit-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it.each([
    ['zh-CN', /超过每段上限 20000 字/],
    ['en', /over the limit of 20000 per paragraph/],
  ] as const)('refuses a paragraph over 20,000 characters and names the limit (%s)', async (locale, message) => {
    await renderWithProviders(<NoteEditor db={db} callId={CALL} onCommitted={() => undefined} />, locale);
    const input = screen.getByTestId('note-input') as HTMLTextAreaElement;
    await waitFor(() => expect(input.disabled).toBe(false));
    const long = '话'.repeat(20_001);
    fireEvent.change(input, { target: { value: long } });
    expect(screen.getByTestId('note-problem').textContent).toMatch(message);
    expect((screen.getByTestId('note-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(input.value).toBe(long);
    expect((await loadNote(db, CALL)).segments).toEqual([]);
    expect(await db.outbox.count()).toBe(0);
    // Back under the limit, the message goes and the paragraph saves.
    fireEvent.change(input, { target: { value: long.slice(1) } });
    expect(screen.queryByTestId('note-problem')).toBeNull();
  });

  it('refuses NUL in a paragraph with a message', async () => {
    await renderWithProviders(<NoteEditor db={db} callId={CALL} onCommitted={() => undefined} />, 'en');
    const input = screen.getByTestId('note-input') as HTMLTextAreaElement;
    await waitFor(() => expect(input.disabled).toBe(false));
    fireEvent.change(input, { target: { value: 'pasted\u0000text' } });
    expect(screen.getByTestId('note-problem').textContent).toMatch(/cannot be stored/);
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(await db.outbox.count()).toBe(0);
  });
});
