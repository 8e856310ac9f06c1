import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { callInfo } from '../../../test/fakes/web/call-info';
import { renderWithProviders } from '../../../test/fakes/web/render';
import { CasePanel } from '../features/case';
import { MemoryHost } from '../host/memory-host';
import type { CallInfo, Phone } from '../softphone/types';
import { DeskDb, type LocalCase } from '../storage/db';
import { Workstation, type WorkstationSnapshot } from './workstation';
import { WorkstationContext } from './workstation-context';

const RINGING = callInfo({ id: '0b9e8d7c-6f5a-4b3c-8d2e-1f0a9b8c7d6e', sipCallId: 'answer@pbx', startedAt: 1_000 });
const ACTIVE: CallInfo = { ...RINGING, state: 'active', answeredAt: 2_000 };
const ENDED: CallInfo = { ...ACTIVE, state: 'ended', endedAt: 9_000, endReason: 'remote-hangup' };

/** A phone that only reports the calls it is told to (the workstation reads `calls()` on every event). */
function fakePhone(live: () => CallInfo[]): Phone {
  return { calls: live, on: () => () => undefined } as unknown as Phone;
}

/** A workstation signed in as far as call events go (its local database open), and its call-event entry. */
function workstation(db: DeskDb, live: () => CallInfo[]) {
  const ws = new Workstation(new MemoryHost(), DEFAULT_CONFIG, fakePhone(live));
  (ws as unknown as { db: DeskDb }).db = db;
  return { ws, onCall: (call: CallInfo) => (ws as unknown as { onCall(c: CallInfo): void }).onCall(call) };
}

/** A draft case of the active call, as its open committed it. */
const draftCase = (id: string): LocalCase => ({ id, callRecordId: ACTIVE.id, sipCallId: ACTIVE.sipCallId, callerNumber: ACTIVE.remoteNumber, callType: 'unclassified', status: 'draft', disposition: null, fraudType: null, fields: {}, createdAt: 2_000, finalisedAt: null, updatedAt: 2_000 });

describe('the case opened on answer', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`opened-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it('is handed to the panel as committed, queued after its call record, and kept over the call end until the panel read it', async () => {
    // Ringing with no live call listed: the ringer (Web Audio) stays out of the test.
    let live: CallInfo[] = [];
    const { ws, onCall } = workstation(db, () => live);
    onCall(RINGING);
    live = [ACTIVE];
    onCall(ACTIVE);
    await ws.whenWritten();
    const stored = await db.cases.toArray();
    expect(stored).toHaveLength(1);
    // The very row the transaction wrote: nothing shown that is not in the database.
    expect(ws.openedCase.get()).toEqual(stored[0]);
    const queued = (await db.outbox.orderBy('seq').toArray()).map((r) => r.mutation.name).filter((name) => name !== 'agentState.set');
    expect(queued).toEqual(['callRecord.upsert', 'callRecord.upsert', 'case.open']);
    live = [];
    onCall(ENDED);
    // Still the form's row: dropped here, the form would unmount until the live query read the case,
    // and a closing key pressed right after hanging up would be lost.
    expect(ws.openedCase.get()?.id).toBe(stored[0]!.id);
    await ws.whenWritten();
    expect((await db.cases.get(stored[0]!.id))?.fields.endedAt).toBe(9_000);
  });

  it('is not handed over when the call is gone by the time the case committed (the panel reads it itself)', async () => {
    // Ringing with no live call listed: the ringer (Web Audio) stays out of the test.
    let live: CallInfo[] = [];
    const { ws, onCall } = workstation(db, () => live);
    onCall(RINGING);
    onCall(ACTIVE);
    live = [];
    await ws.whenWritten();
    expect(await db.cases.count()).toBe(1);
    expect(ws.openedCase.get()).toBeNull();
  });

  it('shows in the panel from its row until the live query has read the case, then the panel follows the database', async () => {
    const { ws } = workstation(db, () => [ACTIVE]);
    const snap: WorkstationSnapshot = { user: null, registration: { state: 'registered' }, calls: [ACTIVE], focusCall: ACTIVE, sync: null };
    Object.defineProperty(ws, 'getSnapshot', { value: () => snap });
    await renderWithProviders(
      <WorkstationContext.Provider value={ws}>
        <CasePanel />
      </WorkstationContext.Provider>,
    );
    expect(screen.queryByTestId('case-form')).toBeNull();
    // Another call's case never shows under this call.
    const row = draftCase('5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a');
    act(() => ws.openedCase.set({ ...row, id: 'other', callRecordId: 'another-call' }));
    expect(screen.queryByTestId('case-form')).toBeNull();
    // Not yet in the database as far as the live query knows: shown from the handed-over row.
    act(() => ws.openedCase.set(row));
    expect(screen.getByTestId('case-form').dataset.caseId).toBe(row.id);
    await act(() => db.cases.add(row));
    // The live query read it: the row is let go and the same form (same case) stays.
    await waitFor(() => expect(ws.openedCase.get()).toBeNull());
    expect(screen.getByTestId('case-form').dataset.caseId).toBe(row.id);
  });

  it('keeps the same form mounted when the call ends before the live query has read the case', async () => {
    const { ws, onCall } = workstation(db, () => []);
    let snap: WorkstationSnapshot = { user: null, registration: { state: 'registered' }, calls: [ACTIVE], focusCall: ACTIVE, sync: null };
    Object.defineProperty(ws, 'getSnapshot', { value: () => snap });
    const row = draftCase('6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b');
    await renderWithProviders(
      <WorkstationContext.Provider value={ws}>
        <CasePanel />
      </WorkstationContext.Provider>,
    );
    act(() => ws.openedCase.set(row));
    const form = screen.getByTestId('case-form');
    // The call ends; the case is not in the database yet, so the live query has nothing to show.
    act(() => {
      snap = { ...snap, calls: [ENDED], focusCall: ENDED };
      onCall(ENDED);
    });
    // The very element: a remount would leave a moment with no form, where a closing key goes nowhere.
    expect(screen.getByTestId('case-form')).toBe(form);
  });
});
