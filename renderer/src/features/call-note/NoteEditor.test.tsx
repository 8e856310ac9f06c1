import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { loadNote } from '../../storage/call-repository';
import { DeskDb } from '../../storage/db';
import { NoteEditor } from './NoteEditor';

const CALL = '0b9f2c4e-5d6a-4b7c-8d9e-0f1a2b3c4d5e';

describe('NoteEditor', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`note-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    cleanup();
    vi.restoreAllMocks();
    await db.delete();
  });

  async function editor() {
    await renderWithProviders(<NoteEditor db={db} callId={CALL} onCommitted={() => undefined} />);
    const input = screen.getByTestId('note-input') as HTMLTextAreaElement;
    await waitFor(() => expect(input.disabled).toBe(false));
    return input;
  }

  it('keeps what is typed while a commit is still being written', async () => {
    const input = await editor();
    // Hold the commit's transaction open until the person has typed on.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) => gate.then(() => original(...args))) as never);

    fireEvent.change(input, { target: { value: 'first paragraph' } });
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    fireEvent.change(input, { target: { value: 'typed on at once' } });
    await act(async () => {
      release();
      await gate;
    });
    await waitFor(async () => expect((await loadNote(db, CALL)).segments.map((s) => s.text)).toEqual(['first paragraph']));
    expect(input.value).toBe('typed on at once');
    await waitFor(async () => expect((await loadNote(db, CALL)).draft).toBe('typed on at once'));
  });

  it('puts the words back when the commit cannot be written', async () => {
    const input = await editor();
    // The commit is one native IndexedDB transaction (action-tx.ts): its segment write fails.
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fireEvent.change(input, { target: { value: 'must not vanish' } });
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(input.value).toBe('must not vanish'));
  });

  it('restores the saved draft when reopened', async () => {
    let input = await editor();
    fireEvent.change(input, { target: { value: 'half a sentence' } });
    await waitFor(async () => expect((await loadNote(db, CALL)).draft).toBe('half a sentence'));
    cleanup();
    input = await editor();
    expect(input.value).toBe('half a sentence');
  });

  it('commits what was typed when the editor of an ended call closes, so it reaches the record store', async () => {
    const view = await renderWithProviders(<NoteEditor db={db} callId={CALL} callEnded onCommitted={() => undefined} />);
    const input = (await view.findByTestId('note-input')) as HTMLTextAreaElement;
    await waitFor(() => expect(input.disabled).toBe(false));
    fireEvent.change(input, { target: { value: 'after-call summary' } });
    cleanup();
    await waitFor(async () => expect((await loadNote(db, CALL)).segments.map((s) => s.text)).toEqual(['after-call summary']));
    expect((await loadNote(db, CALL)).draft).toBe('');
  });

  it('Alt+N puts the cursor at the end of the note from anywhere', async () => {
    const input = await editor();
    fireEvent.change(input, { target: { value: 'typed before' } });
    const elsewhere = document.createElement('input');
    document.body.appendChild(elsewhere);
    elsewhere.focus();
    fireEvent.keyDown(elsewhere, { key: 'n', code: 'KeyN', altKey: true });
    expect(document.activeElement).toBe(input);
    expect(input.selectionStart).toBe('typed before'.length);
    elsewhere.remove();
  });
});
