import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInfo } from '../../softphone/types';
import { useLayoutBox } from '../../../../test/fakes/web/layout-box';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { DeskDb } from '../../storage/db';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { openFraudReportCase } from './fraud-report-case';
import type { QueueItem } from './queue-order';
import { FakeWarningsApi, item, NOW } from '../../../../test/fakes/web/warnings-test-kit';
import { WarningsTab } from './WarningsTab';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const rowOf = (id: string) => screen.getAllByTestId('warning-row').find((r) => r.dataset.id === id) as HTMLElement;

/** The tab with a phone whose dial answers `dial` (the call it started, or a refusal). */
async function renderTab(api: FakeWarningsApi, options: { dial?: (number: string) => Promise<Pick<CallInfo, 'id'>>; openFraudReport?: (caseId: string, item: QueueItem) => Promise<unknown> } = {}) {
  const ws = { dial: options.dial ?? (async () => ({ id: crypto.randomUUID() })) } as unknown as Workstation;
  await renderWithProviders(
    <WorkstationContext.Provider value={ws}>
      <WarningsTab api={api} clock={() => NOW} {...(options.openFraudReport ? { openFraudReport: options.openFraudReport } : {})} />
    </WorkstationContext.Provider>,
  );
  await waitFor(() => expect(api.lists).toBeGreaterThan(0));
}

/** Answers each step with the state it leads to (and keeps the case link the server would store). */
function acceptSteps(api: FakeWarningsApi, start: QueueItem) {
  api.answer = async (_id, body) => {
    const state = body.action === 'outcome' ? body.outcome : body.action === 'call' ? 'calling' : start.state;
    const fraudReportCaseId = body.action === 'outcome' ? (body.fraudReportCaseId ?? null) : null;
    api.items = [{ ...start, state, fraudReportCaseId }];
    return api.items[0] as QueueItem;
  };
}

describe('warning record keeping', () => {
  useLayoutBox();
  let db: DeskDb;
  beforeEach(() => {
    db = new DeskDb(`warning-records-${crypto.randomUUID()}`);
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  it('on "defrauded" sends a new case id with the outcome, opens that fraud-report case prefilled, and shows the link', async () => {
    const calling = item({ state: 'calling', personName: '孙八', phones: ['13912345678'], fraudType: 'order-brushing-rebate' });
    const api = new FakeWarningsApi([calling]);
    acceptSteps(api, calling);
    await renderTab(api, { openFraudReport: (caseId, target) => openFraudReportCase(db, caseId, target, NOW) });
    await waitFor(() => rowOf(calling.id));
    fireEvent.click(rowOf(calling.id));
    fireEvent.click(await screen.findByTestId('warning-outcome-defrauded'));
    const link = await screen.findByTestId('warning-fraud-report-case');
    const sent = api.transitions.at(-1)?.body as { fraudReportCaseId?: string };
    expect(sent).toMatchObject({ action: 'outcome', outcome: 'defrauded', expectedState: 'calling' });
    expect(sent.fraudReportCaseId).toMatch(UUID);
    expect(link.dataset.caseId).toBe(sent.fraudReportCaseId);
    expect(link.textContent).toContain((sent.fraudReportCaseId as string).slice(0, 8).toUpperCase());

    await waitFor(async () => expect(await db.cases.get(sent.fraudReportCaseId as string)).toBeTruthy());
    expect(await db.cases.get(sent.fraudReportCaseId as string)).toMatchObject({
      callType: 'fraud-report',
      callRecordId: null,
      callerNumber: '+8613912345678',
      status: 'draft',
      fraudType: 'order-brushing-rebate',
      fields: { reporterName: '孙八', reporterRole: 'victim' },
    });
    const queued = (await db.outbox.orderBy('seq').toArray()).map((r) => r.mutation);
    expect(queued.map((m) => m.name)).toEqual(['case.open', 'case.setFields']);
    expect(queued[0]?.args).toMatchObject({ id: sent.fraudReportCaseId, callType: 'fraud-report', callRecordId: null });
    expect(queued[1]?.args).toMatchObject({ caseId: sent.fraudReportCaseId, fraudType: 'order-brushing-rebate' });
  });

  it('opens no case when the server refuses the outcome, and other outcomes carry no case id', async () => {
    const calling = item({ state: 'calling' });
    const api = new FakeWarningsApi([calling]);
    api.answer = async () => {
      throw new Error('offline');
    };
    const opened: string[] = [];
    await renderTab(api, { openFraudReport: async (caseId) => void opened.push(caseId) });
    await waitFor(() => rowOf(calling.id));
    fireEvent.click(rowOf(calling.id));
    fireEvent.click(await screen.findByTestId('warning-outcome-defrauded'));
    await screen.findByTestId('warning-notice');
    expect(api.transitions).toHaveLength(1);
    expect(opened).toEqual([]);
    acceptSteps(api, calling);
    fireEvent.click(screen.getByTestId('warning-outcome-dissuaded'));
    await waitFor(() => expect(api.transitions).toHaveLength(2));
    expect(api.transitions[1]?.body).toEqual({ action: 'outcome', outcome: 'dissuaded', expectedState: 'calling' });
    expect(opened).toEqual([]);
  });

  it('offers a retry when the linked case could not be written locally', async () => {
    const calling = item({ state: 'calling' });
    const api = new FakeWarningsApi([calling]);
    acceptSteps(api, calling);
    const tries: string[] = [];
    await renderTab(api, {
      openFraudReport: async (caseId) => {
        tries.push(caseId);
        if (tries.length === 1) throw new Error('QuotaExceededError');
      },
    });
    await waitFor(() => rowOf(calling.id));
    fireEvent.click(rowOf(calling.id));
    fireEvent.click(await screen.findByTestId('warning-outcome-defrauded'));
    fireEvent.click(await screen.findByTestId('warning-fraud-report-retry'));
    await waitFor(() => expect(screen.queryByTestId('warning-fraud-report-failed')).toBeNull());
    expect(tries).toHaveLength(2);
    expect(tries[1]).toBe(tries[0]);
  });

  it('records the call record of the dial with the attempt, and still records a failed dial’s result with one key', async () => {
    const signed = item({ state: 'signed-for', phones: ['13912345678'] });
    const api = new FakeWarningsApi([signed]);
    acceptSteps(api, signed);
    const callId = crypto.randomUUID();
    let refuse = false;
    await renderTab(api, { dial: async () => (refuse ? Promise.reject(new Error('phone-not-started')) : { id: callId }) });
    await waitFor(() => rowOf(signed.id));
    fireEvent.click(rowOf(signed.id));
    fireEvent.click(await screen.findByTestId('warning-dial'));
    await screen.findByTestId('warning-result-keys');
    fireEvent.keyDown(document.body, { key: '2', code: 'Digit2' });
    await waitFor(() => expect(api.attempts).toHaveLength(1));
    expect(api.attempts[0]?.body).toMatchObject({ result: 'no-answer', number: '13912345678', callRecordId: callId });

    // The phone refuses the redial: the result is still one key, without a call record.
    refuse = true;
    fireEvent.click(screen.getByTestId('warning-dial'));
    fireEvent.keyDown(document.body, { key: '3', code: 'Digit3' });
    await waitFor(() => expect(api.attempts).toHaveLength(2));
    expect(api.attempts[1]?.body).toMatchObject({ result: 'busy', callRecordId: null });
    // A result keyed without a new dial is not tied to the earlier call.
    fireEvent.click(within(screen.getByTestId('warning-result-keys')).getByTestId('warning-result-declined'));
    await waitFor(() => expect(api.attempts).toHaveLength(3));
    expect(api.attempts[2]?.body).toMatchObject({ result: 'declined', callRecordId: null });
  });
});
