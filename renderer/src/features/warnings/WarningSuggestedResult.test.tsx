import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallInfo } from '../../softphone/types';
import { callInfo } from '../../../../test/fakes/web/call-info';
import { useLayoutBox } from '../../../../test/fakes/web/layout-box';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { FakeWarningsApi, item, NOW } from '../../../../test/fakes/web/warnings-test-kit';
import { WarningsTab } from './WarningsTab';

const CALL_ID = 'c0ffee00-0000-4000-8000-000000000001';
/** The outbound warning call dialled from the instruction, as the softphone reports it. */
const call = (patch: Partial<CallInfo>): CallInfo =>
  callInfo({ id: CALL_ID, sipCallId: 'sip-1', direction: 'outbound', remoteNumber: '13912345678', dialedNumber: '13912345678', state: 'dialing', startedAt: NOW, ...patch });

/** The tab fed with the softphone's focused call, which the test changes as the line would. */
async function renderTab(api: FakeWarningsApi) {
  let setCall: (c: CallInfo | null) => void = () => undefined;
  function Harness() {
    const [focus, setFocus] = useState<CallInfo | null>(null);
    setCall = setFocus;
    return <WarningsTab api={api} clock={() => NOW} call={focus} />;
  }
  const ws = { dial: async () => ({ id: CALL_ID }) } as unknown as Workstation;
  await renderWithProviders(
    <WorkstationContext.Provider value={ws}>
      <Harness />
    </WorkstationContext.Provider>,
  );
  await waitFor(() => expect(api.lists).toBeGreaterThan(0));
  return { line: (c: CallInfo | null) => act(() => setCall(c)) };
}

describe('a warning call’s SIP outcome pre-selects the attempt result', () => {
  useLayoutBox();
  afterEach(() => cleanup());

  it('a busy trunk suggests 占线 once the call ended; one click saves it with the call id', async () => {
    const calling = item({ state: 'calling', phones: ['13912345678'] });
    const api = new FakeWarningsApi([calling]);
    const { line } = await renderTab(api);
    fireEvent.click(screen.getAllByTestId('warning-row')[0] as HTMLElement);
    fireEvent.click(await screen.findByTestId('warning-dial'));
    await line(call({ state: 'early', sipStatus: 183 }));
    // Still ringing: nothing is suggested yet.
    expect(screen.queryByTestId('warning-result-suggested')).toBeNull();
    await line(call({ state: 'ended', sipStatus: 486, endReason: 'rejected', endedAt: NOW }));
    const suggestion = await screen.findByTestId('warning-result-suggested');
    expect(suggestion.dataset.result).toBe('busy');
    expect(suggestion.textContent).toContain('占线');
    expect(screen.getByTestId('warning-result-busy').dataset.suggested).toBe('true');
    // Nothing is recorded until the agent saves it.
    expect(api.attempts).toHaveLength(0);
    fireEvent.click(screen.getByTestId('warning-result-suggested-save'));
    await waitFor(() => expect(api.attempts).toHaveLength(1));
    expect(api.attempts[0]?.body).toMatchObject({ channel: 'call', result: 'busy', number: '13912345678', callRecordId: CALL_ID });
    // Saved: the suggestion goes until the next dial.
    await waitFor(() => expect(screen.queryByTestId('warning-result-suggested')).toBeNull());
  });

  it('the agent corrects the suggestion with another key (a "busy" that was a blocked 96110)', async () => {
    const calling = item({ state: 'calling', phones: ['13912345678'] });
    const api = new FakeWarningsApi([calling]);
    const { line } = await renderTab(api);
    fireEvent.click(screen.getAllByTestId('warning-row')[0] as HTMLElement);
    fireEvent.click(await screen.findByTestId('warning-dial'));
    await line(call({ state: 'ended', sipStatus: 600, endReason: 'rejected', endedAt: NOW }));
    expect((await screen.findByTestId('warning-result-suggested')).dataset.result).toBe('busy');
    await act(async () => {
      fireEvent.keyDown(document.body, { key: '5', code: 'Digit5' });
    });
    await waitFor(() => expect(api.attempts).toHaveLength(1));
    expect(api.attempts[0]?.body).toMatchObject({ result: 'blocked-96110', callRecordId: CALL_ID });
  });

  it('ignores a call that was not dialled from this instruction', async () => {
    const calling = item({ state: 'calling', phones: ['13912345678'] });
    const api = new FakeWarningsApi([calling]);
    const { line } = await renderTab(api);
    fireEvent.click(screen.getAllByTestId('warning-row')[0] as HTMLElement);
    await screen.findByTestId('warning-result-keys');
    await line(call({ id: 'another-call', state: 'ended', sipStatus: 486, endReason: 'rejected', endedAt: NOW }));
    expect(screen.queryByTestId('warning-result-suggested')).toBeNull();
  });
});
