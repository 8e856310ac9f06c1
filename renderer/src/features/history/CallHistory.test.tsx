import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@shared/schemas/auth';
import { callRecordFixture } from '../../../../test/fakes/web/call-record';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { MemoryHost } from '../../host/memory-host';
import type { Workstation, WorkstationSnapshot } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { saveCallRecord } from '../../storage/call-repository';
import { DeskDb } from '../../storage/db';
import { writeChanges } from '../../storage/pulled-writes';
import { CallHistory } from './CallHistory';

const ME = { id: crypto.randomUUID(), orgUnitId: crypto.randomUUID(), username: 'super', role: 'supervisor', displayName: '值班长' } as unknown as SessionUser;
const COLLEAGUE = crypto.randomUUID();

function fakeWorkstation(db: DeskDb): Workstation {
  const snap = { user: ME, registration: { state: 'offline' }, calls: [], focusCall: null, sync: null } as WorkstationSnapshot;
  return { database: db, host: new MemoryHost(), subscribe: () => () => undefined, getSnapshot: () => snap, dial: async () => undefined } as unknown as Workstation;
}

let db: DeskDb;
beforeEach(() => {
  db = new DeskDb(`call-history-${crypto.randomUUID()}`);
});
afterEach(async () => {
  cleanup();
  db.close();
  await db.delete();
});

describe('CallHistory (recent calls)', () => {
  it("lists the signed-in user's own calls, never a colleague's pulled from the unit", async () => {
    const own = callRecordFixture({ remoteNumber: '13900139000', endedAt: 1_700_000_100_000, endReason: 'remote-hangup' });
    await saveCallRecord(db, own, ME.id);
    // A colleague's call on this desk's previous shift, as the unit's pull delivers it.
    const theirs = callRecordFixture({ remoteNumber: '13800138000', startedAt: 1_700_000_200_000, endedAt: 1_700_000_300_000, endReason: 'remote-hangup' });
    await db.transaction('rw', [db.callRecords, db.noteChunks, db.cases, db.followUps], () =>
      writeChanges(db, [
        { seq: 7, entity: 'callRecord', id: theirs.id, data: { ...theirs, agentId: COLLEAGUE } },
        // The echo of our own call keeps it ours.
        { seq: 8, entity: 'callRecord', id: own.id, data: { ...own, agentId: ME.id } },
      ], new Map()),
    );
    expect(await db.callRecords.count()).toBe(2);
    await renderWithProviders(
      <WorkstationContext.Provider value={fakeWorkstation(db)}>
        <CallHistory />
      </WorkstationContext.Provider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('history-row').map((r) => r.dataset.recordId)).toEqual([own.id]));
    expect(screen.queryByText(/13800138000/)).toBeNull();
  });
});
