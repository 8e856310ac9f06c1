import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { FakeRecordStore } from '../../../../test/fakes/web/fake-record-store';
import { template } from '../../../../test/fakes/web/freeze-fixtures';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { CaseworkProvider } from '../../state/casework-context';
import { openCaseForCall } from '../../storage/case-repository';
import { DeskDb, type LocalCase } from '../../storage/db';
import { NoteEditor } from '../call-note/NoteEditor';
import { TemplatesPanel, TemplatesProvider } from '../templates';
import { CaseForm } from './CaseForm';

const record: CallRecord = {
  id: '7a1c3e5f-2b4d-4c6e-8f0a-1b3d5f7a9c2e',
  sipCallId: 'script-fill@pbx',
  direction: 'inbound',
  remoteNumber: '13900139000',
  dialedNumber: '96110',
  startedAt: 1_700_000_000_000,
  answeredAt: 1_700_000_001_000,
  endedAt: null,
  endReason: null,
};
const NOTE = '来电人称接到自称客服的电话，要求下载App刷单返利\n还没有转账';

describe('one place to write: the note and a picked script fill the case (issue 17)', () => {
  let db: DeskDb;
  let store: FakeRecordStore;
  let opened: LocalCase;
  beforeEach(async () => {
    db = new DeskDb(`script-fill-${crypto.randomUUID()}`);
    opened = await openCaseForCall(db, record);
    store = new FakeRecordStore();
    store.templates = [template({ key: 'consultation.general', scenario: 'consultation', title: '防骗咨询', body: '我们来一起核实一下。', keywords: ['咨询'] })];
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  async function render(stored: LocalCase) {
    await renderWithProviders(
      <CaseworkProvider>
        <TemplatesProvider api={store} db={db}>
          <NoteEditor db={db} callId={record.id} onCommitted={() => undefined} />
          <TemplatesPanel callerNumber={record.remoteNumber} agentName="李警官" caseId={stored.id} />
          <CaseForm db={db} stored={stored} onSaved={() => undefined} />
        </TemplatesProvider>
      </CaseworkProvider>,
    );
    const note = screen.getByTestId('note-input') as HTMLTextAreaElement;
    await waitFor(() => expect(note.disabled).toBe(false));
    fireEvent.change(note, { target: { value: NOTE } });
    await waitFor(() => expect(screen.getAllByTestId('template-card')).toHaveLength(1), { timeout: 5000 });
  }
  const form = () => screen.getByTestId('case-form');

  it('↓ Enter on a consultation script makes the case a complete consultation from the note, saved', async () => {
    await render(opened);
    const search = screen.getByTestId('templates-search');
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    await act(async () => void fireEvent.keyDown(search, { key: 'Enter' }));
    expect((screen.getByTestId('note-input') as HTMLTextAreaElement).value).toBe(`${NOTE}\n我们来一起核实一下。`);
    expect(screen.getByTestId('section-consultation')).toBeTruthy();
    expect(form().dataset.missing).toBe('');
    expect(screen.getByTestId('case-prefilled').dataset.fields?.split(' ')).toEqual(['fraudType', 'situation', 'contactChannels', 'moneySent', 'advice']);
    await waitFor(async () =>
      expect(await db.cases.get(opened.id)).toMatchObject({
        callType: 'consultation',
        fraudType: 'order-brushing-rebate',
        disposition: 'resolved',
        fields: { situation: '来电人称接到自称客服的电话，要求下载App刷单返利', contactChannels: ['phone', 'app'], moneySent: false, advice: '我们来一起核实一下。' },
      }),
    );
  });

  it('keeps what the call-taker chose: a typed situation and a picked fraud type stay', async () => {
    await render(opened);
    fireEvent.click(within(screen.getByTestId('case-call-type')).getByText('防骗咨询'));
    fireEvent.change(screen.getByTestId('case-field-situation'), { target: { value: '自己写的概况' } });
    fireEvent.change(screen.getByTestId('case-fraud-type'), { target: { value: 'fake-loan' } });
    const search = screen.getByTestId('templates-search');
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    await act(async () => void fireEvent.keyDown(search, { key: 'Enter' }));
    expect((screen.getByTestId('case-field-situation') as HTMLTextAreaElement).value).toBe('自己写的概况');
    expect((screen.getByTestId('case-fraud-type') as HTMLSelectElement).value).toBe('fake-loan');
    expect(screen.getByTestId('case-prefilled').dataset.fields?.split(' ')).toEqual(['contactChannels', 'moneySent', 'advice']);
  });

  it('the finish key takes the summary that repeats the note from its first line', async () => {
    await render(opened);
    fireEvent.click(within(screen.getByTestId('case-call-type')).getByText('心理疏导'));
    await act(async () => void fireEvent.keyDown(document.body, { key: 'f', code: 'KeyF', ctrlKey: true, altKey: true }));
    expect((screen.getByTestId('case-field-presentingIssue') as HTMLTextAreaElement).value).toBe('来电人称接到自称客服的电话，要求下载App刷单返利');
    // The rest is still the call-taker's to answer: the case stays open and names it.
    expect(form().dataset.status).toBe('draft');
    expect(form().dataset.missing?.split(' ')).not.toContain('presentingIssue');
    expect(form().dataset.missing?.split(' ')).toContain('followUp');
  });
});
