import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { openCaseForCall } from '../../storage/case-repository';
import { DeskDb, type LocalCase } from '../../storage/db';
import { CaseForm } from './CaseForm';

const record: CallRecord = {
  id: '0b9f2c4e-5d6a-4b7c-8d9e-0f1a2b3c4d5e',
  sipCallId: 'abc@pbx',
  direction: 'inbound',
  remoteNumber: '13800138000',
  dialedNumber: '96110',
  startedAt: 1_700_000_000_000,
  answeredAt: 1_700_000_001_000,
  endedAt: null,
  endReason: null,
};

describe('CaseForm', () => {
  let db: DeskDb;
  let opened: LocalCase;
  beforeEach(async () => {
    db = new DeskDb(`case-form-${crypto.randomUUID()}`);
    opened = await openCaseForCall(db, record);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it('autosaves an edit within 300 ms and keeps an invalid value out of storage with a named error', async () => {
    await renderWithProviders(<CaseForm db={db} stored={opened} onSaved={() => undefined} />, 'en');
    fireEvent.click(screen.getByText('Freeze inquiry'));
    fireEvent.change(screen.getByTestId('case-field-institution'), { target: { value: 'ICBC' } });
    fireEvent.change(screen.getByTestId('case-field-accountNumberMasked'), { target: { value: '6222021234561234' } });
    await act(() => new Promise((r) => setTimeout(r, 300)));
    const stored = await db.cases.get(opened.id);
    expect(stored).toMatchObject({ callType: 'freeze-inquiry', fields: { institution: 'ICBC' } });
    expect(stored?.fields.accountNumberMasked).toBeUndefined();
    expect(screen.getByText(/Account number \(masked\): masked numbers only/)).toBeTruthy();
    const mutations = (await db.outbox.toArray()).map((r) => r.mutation.name);
    expect(mutations).toEqual(['case.open', 'case.setFields']);
  });

  it('shows finalise errors naming each field in the UI language, and the 110 alert when money was sent', async () => {
    await renderWithProviders(<CaseForm db={db} stored={opened} onSaved={() => undefined} />);
    fireEvent.click(screen.getByText('防骗咨询'));
    fireEvent.click(screen.getByTestId('case-finalise'));
    await waitFor(() => expect(screen.getByTestId('case-errors').textContent).toContain('情况描述：必填'));
    expect(screen.getByTestId('case-errors').textContent).toContain('处理结果：必填');
    expect((await db.cases.get(opened.id))?.status).toBe('draft');
    fireEvent.click(screen.getByTestId('case-field-moneySent-yes'));
    expect(screen.getByTestId('alert-110').textContent).toContain('110');
    expect(screen.getByTestId('section-fraud-report')).toBeTruthy();
    await waitFor(async () => expect(await db.cases.get(opened.id)).toMatchObject({ callType: 'fraud-report', fields: { moneySent: true } }));
  });

  it('closes a non-data call with its shortcut', async () => {
    await renderWithProviders(<CaseForm db={db} stored={opened} onSaved={() => undefined} />);
    expect(screen.getByTestId('disposition-wrong-number').textContent).toContain('Alt+3');
    fireEvent.keyDown(document.documentElement, { key: '3', code: 'Digit3', altKey: true });
    await waitFor(async () => expect(await db.cases.get(opened.id)).toMatchObject({ status: 'final', disposition: 'wrong-number' }));
  });

  it('keeps one-click closings out of the Tab order and asks first when the case holds data (issue 17)', async () => {
    await renderWithProviders(<CaseForm db={db} stored={opened} onSaved={() => undefined} />, 'en');
    expect(screen.getByTestId('disposition-silent').getAttribute('tabindex')).toBe('-1');
    fireEvent.click(screen.getByText('Freeze inquiry'));
    fireEvent.change(screen.getByTestId('case-field-institution'), { target: { value: 'ICBC' } });
    // A stray Alt+1 (or click) on a case with look-up data: nothing closes, a confirmation shows.
    fireEvent.keyDown(document.documentElement, { key: '1', code: 'Digit1', altKey: true });
    await screen.findByTestId('close-confirm');
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(await db.cases.get(opened.id)).toMatchObject({ status: 'draft' });
    fireEvent.click(screen.getByTestId('close-confirm-no'));
    expect(screen.queryByTestId('close-confirm')).toBeNull();
    fireEvent.click(screen.getByTestId('disposition-silent'));
    fireEvent.click(await screen.findByTestId('close-confirm-yes'));
    await waitFor(async () => expect(await db.cases.get(opened.id)).toMatchObject({ status: 'final', disposition: 'silent' }));
  });

  it('publishes what finalising still needs; the finish key names it and finalises nothing (issue 17)', async () => {
    await renderWithProviders(<CaseForm db={db} stored={opened} onSaved={() => undefined} />, 'en');
    expect(screen.getByTestId('case-form').dataset.missing?.split(' ').sort()).toEqual(['callType', 'disposition']);
    fireEvent.click(screen.getByText('Freeze inquiry'));
    await waitFor(() => expect(screen.getByTestId('case-form').dataset.missing).toContain('identityCheck'));
    fireEvent.keyDown(document.documentElement, { key: 'f', code: 'KeyF', altKey: true, ctrlKey: true });
    await screen.findByTestId('case-errors');
    expect(await db.cases.get(opened.id)).toMatchObject({ status: 'draft' });
  });
});

describe('CaseForm personal numbers on screen', () => {
  let db: DeskDb;
  let opened: LocalCase;
  beforeEach(async () => {
    db = new DeskDb(`case-mask-${crypto.randomUUID()}`);
    opened = await openCaseForCall(db, record);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it('shows resident ID and account numbers masked unless the box is being edited, and stores them whole', async () => {
    await renderWithProviders(<CaseForm db={db} stored={opened} onSaved={() => undefined} />);
    fireEvent.click(screen.getByText('涉诈举报'));
    fireEvent.click(screen.getByTestId('add-identifier'));
    const kind = screen.getByTestId('identifier-row').querySelector('select') as HTMLSelectElement;
    fireEvent.change(kind, { target: { value: 'payee-account' } });
    const box = screen.getByTestId('identifier-value') as HTMLInputElement;
    fireEvent.focus(box);
    fireEvent.change(box, { target: { value: '6222021234567891234' } });
    expect(box.value).toBe('6222021234567891234');
    fireEvent.blur(box);
    expect(box.value).toBe('6222***********1234');
    expect(box.dataset.masked).toBe('true');
    fireEvent.focus(box);
    expect(box.value).toBe('6222021234567891234');
    fireEvent.blur(box);
    // Autosave after the blur; a loaded CI machine (four test workers on two cores) took over the default second once.
    await waitFor(async () => expect((await db.cases.get(opened.id))?.fields.fraudsterIdentifiers).toEqual([{ kind: 'payee-account', value: '6222021234567891234' }]), { timeout: 5000 });

    fireEvent.click(screen.getByText('防骗咨询'));
    const contact = screen.getByTestId('case-field-contactIdentifiers') as HTMLInputElement;
    fireEvent.focus(contact);
    fireEvent.change(contact, { target: { value: '13800138000 身份证44010619900101123X' } });
    fireEvent.blur(contact);
    expect(contact.value).toBe('13800138000 身份证4401**********123X');
    await waitFor(async () => expect((await db.cases.get(opened.id))?.fields.contactIdentifiers).toBe('13800138000 身份证44010619900101123X'), { timeout: 5000 });
  });
});
