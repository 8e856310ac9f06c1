import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@shared/config';
import { callInfo } from '../../../test/fakes/web/call-info';
import { renderWithProviders } from '../../../test/fakes/web/render';
import { CasePanel } from '../features/case';
import { MemoryHost } from '../host/memory-host';
import type { CallInfo, Phone } from '../softphone/types';
import { DeskDb } from '../storage/db';
import { caseCallOf, opensCase } from './call-record-from-call';
import { Workstation, type WorkstationSnapshot } from './workstation';
import { WorkstationContext } from './workstation-context';

const CITIZEN = callInfo({ id: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', sipCallId: 'citizen@pbx', state: 'active', startedAt: 1_000, answeredAt: 2_000, held: true });
const CONSULT = callInfo({
  id: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d',
  sipCallId: 'consult@pbx',
  direction: 'outbound',
  remoteNumber: '110',
  dialedNumber: '110',
  state: 'active',
  startedAt: 3_000,
  answeredAt: 4_000,
  consultFor: CITIZEN.id,
});

/** A phone that only reports the calls it is told to (the workstation reads `calls()` on every event). */
function fakePhone(live: () => CallInfo[]): Phone {
  return { calls: live, on: () => () => undefined } as unknown as Phone;
}

describe('the consultation leg of an attended transfer', () => {
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`consult-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it('is told apart by consultFor', () => {
    expect(opensCase(CITIZEN)).toBe(true);
    expect(opensCase(CONSULT)).toBe(false);
    expect(caseCallOf(CONSULT, [CITIZEN, CONSULT])).toBe(CITIZEN);
    expect(caseCallOf(CONSULT, [CONSULT])).toBeNull();
    expect(caseCallOf(CITIZEN, [CITIZEN])).toBe(CITIZEN);
  });

  it('is logged as a call but opens no case when answered or ended; the citizen call opens one', async () => {
    let live: CallInfo[] = [];
    const ws = new Workstation(new MemoryHost(), DEFAULT_CONFIG, fakePhone(() => live));
    // Signed in as far as call events go: the local database is open.
    (ws as unknown as { db: DeskDb }).db = db;
    const onCall = (call: CallInfo) => (ws as unknown as { onCall(c: CallInfo): void }).onCall(call);
    live = [CITIZEN];
    onCall(CITIZEN);
    live = [CITIZEN, CONSULT];
    onCall(CONSULT);
    const ended = { ...CONSULT, state: 'ended' as const, endedAt: 9_000, endReason: 'transferred' as const };
    live = [CITIZEN];
    onCall(ended);
    await ws.whenWritten();
    expect((await db.callRecords.toArray()).map((r) => r.id).sort()).toEqual([CITIZEN.id, CONSULT.id].sort());
    const cases = await db.cases.toArray();
    expect(cases.map((c) => c.callRecordId)).toEqual([CITIZEN.id]);
    const opened = (await db.outbox.toArray()).filter((r) => r.mutation.name === 'case.open');
    expect(opened).toHaveLength(1);
  });

  it('keeps the case panel on the held citizen (no screen-pop of the colleague as a caller)', async () => {
    const ws = new Workstation(new MemoryHost(), DEFAULT_CONFIG, fakePhone(() => [CITIZEN, CONSULT]));
    (ws as unknown as { db: DeskDb }).db = db;
    (ws as unknown as { onCall(c: CallInfo): void }).onCall(CITIZEN);
    await ws.whenWritten();
    const snap: WorkstationSnapshot = { user: null, registration: { state: 'registered' }, calls: [CITIZEN, CONSULT], focusCall: CONSULT, sync: null };
    Object.defineProperty(ws, 'getSnapshot', { value: () => snap });
    await renderWithProviders(
      <WorkstationContext.Provider value={ws}>
        <CasePanel />
      </WorkstationContext.Provider>,
    );
    expect(screen.getByTestId('case-panel').dataset.sipCallId).toBe('citizen@pbx');
    expect(screen.getByTestId('screen-pop').dataset.callId).toBe(CITIZEN.id);
    const citizenCase = (await db.cases.toArray())[0]!;
    await waitFor(() => expect(screen.getByTestId('case-form').dataset.caseId).toBe(citizenCase.id));
  });
});
