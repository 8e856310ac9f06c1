import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '@shared/schemas/call-record';
import { callInfo } from '../../../../test/fakes/web/call-info';
import { FakeRecordStore } from '../../../../test/fakes/web/fake-record-store';
import { template } from '../../../../test/fakes/web/freeze-fixtures';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { CaseworkProvider } from '../../state/casework-context';
import type { Workstation, WorkstationSnapshot } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { openCaseForCall } from '../../storage/case-repository';
import { DeskDb } from '../../storage/db';
import { CaseForm } from '../case/CaseForm';
import { TemplatesPanel } from './TemplatesPanel';
import { TemplatesProvider } from './templates-provider';

const record: CallRecord = {
  id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  sipCallId: 'name@pbx',
  direction: 'inbound',
  remoteNumber: '13800138000',
  dialedNumber: '96110',
  startedAt: 1_700_000_000_000,
  answeredAt: 1_700_000_001_000,
  endedAt: null,
  endReason: null,
};
const CALL = callInfo({ id: record.id, sipCallId: record.sipCallId, state: 'active', answeredAt: record.answeredAt });
const NEXT = callInfo({ id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', sipCallId: 'next@pbx', state: 'ringing' });

/** Just what the sidebar reads of the workstation: its database and the focused call. */
function fakeWorkstation(db: DeskDb, focus: { current: WorkstationSnapshot }) {
  const listeners = new Set<() => void>();
  const ws = {
    database: db,
    subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    getSnapshot: () => focus.current,
    kickSync: () => undefined,
  } as unknown as Workstation;
  return { ws, notify: () => listeners.forEach((l) => l()) };
}

describe('the callerName placeholder', () => {
  let db: DeskDb;
  let store: FakeRecordStore;
  beforeEach(() => {
    db = new DeskDb(`caller-name-${crypto.randomUUID()}`);
    store = new FakeRecordStore();
    store.templates = [template({ key: 'general.closing', title: '结束语', body: '请{{callerName|您}}记住“三不一多”。' })];
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it("reads the focused call's case caller name, the fallback while it is empty and on the next call", async () => {
    const opened = await openCaseForCall(db, record);
    const focus = { current: { user: null, registration: { state: 'registered' }, calls: [CALL], focusCall: CALL, sync: null } as WorkstationSnapshot };
    const { ws, notify } = fakeWorkstation(db, focus);
    await renderWithProviders(
      <WorkstationContext.Provider value={ws}>
        <CaseworkProvider>
          <TemplatesProvider api={store} db={db}>
            <CaseForm db={db} stored={opened} onSaved={() => undefined} />
            <TemplatesPanel callerNumber={record.remoteNumber} agentName="李警官" />
          </TemplatesProvider>
        </CaseworkProvider>
      </WorkstationContext.Provider>,
    );
    const body = () => within(screen.getByTestId('template-card')).getByTestId('template-body');
    await waitFor(() => expect(body().textContent).toBe('请您记住“三不一多”。'), { timeout: 5000 });
    fireEvent.click(within(screen.getByTestId('case-call-type')).getByText('冻结查询'));
    fireEvent.change(screen.getByTestId('case-field-callerName'), { target: { value: ' 王先生 ' } });
    await waitFor(() => expect(body().textContent).toBe('请王先生记住“三不一多”。'));
    expect(body().querySelector('[data-placeholder=callerName]')?.getAttribute('data-source')).toBe('context');
    fireEvent.change(screen.getByTestId('case-field-callerName'), { target: { value: '  ' } });
    await waitFor(() => expect(body().textContent).toBe('请您记住“三不一多”。'));
    fireEvent.change(screen.getByTestId('case-field-callerName'), { target: { value: '李女士' } });
    await waitFor(() => expect(body().textContent).toBe('请李女士记住“三不一多”。'));
    // The next call has no case yet: its scripts must not carry the last caller's name.
    act(() => {
      focus.current = { ...focus.current, calls: [NEXT], focusCall: NEXT };
      notify();
    });
    await waitFor(() => expect(body().textContent).toBe('请您记住“三不一多”。'));
  });
});
