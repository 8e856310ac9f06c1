import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLayoutBox } from '../../../../test/fakes/web/layout-box';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import type { QueueItem } from './queue-order';
import { FakeWarningsApi, item, NOW } from '../../../../test/fakes/web/warnings-test-kit';
import { WarningsTab } from './WarningsTab';

const STATION = '00000000-0000-4000-8000-00000000005a';

async function renderTab(api: FakeWarningsApi, unitId: string | null = null) {
  const ws = { dial: async () => undefined } as unknown as Workstation;
  await renderWithProviders(
    <WorkstationContext.Provider value={ws}>
      <WarningsTab api={api} clock={() => NOW} unitId={unitId} />
    </WorkstationContext.Provider>,
  );
  await waitFor(() => expect(api.lists).toBeGreaterThan(0));
}
const rowOf = (id: string) => screen.getAllByTestId('warning-row').find((r) => r.dataset.id === id) as HTMLElement;
const stateOf = (id: string) => within(rowOf(id)).getByTestId('warning-state').textContent;
/** Opens a Mantine select and picks `option` from its own dropdown (the filters have options of the same names). */
const pick = async (testId: string, option: string) => {
  const input = screen.getByTestId(testId);
  fireEvent.click(input);
  const listbox = await waitFor(() => document.getElementById(input.getAttribute('aria-controls') ?? '') as HTMLElement);
  fireEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
};

describe('warning escalation and the station’s visit', () => {
  useLayoutBox();
  afterEach(() => cleanup());

  it('regrades with a reason, then dispatches the now-high instruction to a station', async () => {
    const medium = item({ grade: 'medium', state: 'relatives-contacted' });
    const api = new FakeWarningsApi([medium]);
    api.stations = [{ id: STATION, name: '城南派出所', code: 'station-a1' }];
    api.answer = async (_id, body) => {
      const current = api.items[0] as QueueItem;
      const next = body.action === 'regrade' ? { ...current, grade: body.grade } : body.action === 'request-visit' ? { ...current, state: 'visit-requested' as const } : current;
      api.items = [next];
      return next;
    };
    await renderTab(api);
    fireEvent.click(rowOf(medium.id));
    // No visit for a medium instruction.
    expect(screen.queryByTestId('warning-request-visit')).toBeNull();
    await pick('warning-regrade-grade', '高危');
    expect((screen.getByTestId('warning-regrade') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('warning-regrade-reason'), { target: { value: '亲属反映仍在转账' } });
    fireEvent.click(screen.getByTestId('warning-regrade'));
    await waitFor(() => expect(within(rowOf(medium.id)).getByText('高危')).toBeTruthy());
    expect(api.transitions[0]?.body).toEqual({ action: 'regrade', grade: 'high', reason: '亲属反映仍在转账', expectedState: 'relatives-contacted' });

    await pick('warning-station', '城南派出所');
    fireEvent.click(screen.getByTestId('warning-request-visit'));
    await waitFor(() => expect(stateOf(medium.id)).toBe('已派见面劝阻'));
    expect(api.transitions[1]?.body).toEqual({ action: 'request-visit', stationUnitId: STATION, expectedState: 'relatives-contacted' });
  });

  it('lets the station record its visit and send it back', async () => {
    const dispatched = item({
      grade: 'high',
      state: 'visit-requested',
      visits: [{ id: '00000000-0000-4000-8000-0000000000b1', stationUnitId: STATION, dispatchedAt: NOW, officer: null, metAt: null, place: null, result: null, returnedAt: null }],
    });
    const api = new FakeWarningsApi([dispatched]);
    await renderTab(api, STATION);
    fireEvent.click(rowOf(dispatched.id));
    const send = (await screen.findByTestId('warning-visit-send')) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('warning-visit-officer'), { target: { value: '张警官' } });
    fireEvent.change(screen.getByTestId('warning-visit-place'), { target: { value: '幸福小区 3 栋' } });
    await pick('warning-visit-result', '见面劝阻成功');
    fireEvent.click(screen.getByTestId('warning-visit-send'));
    await waitFor(() => expect(api.visitRecords).toEqual([{ id: dispatched.id, body: { officer: '张警官', place: '幸福小区 3 栋', result: 'met-dissuaded', metAt: NOW, returnToUnit: true } }]));
    // Returned: the form goes away.
    await waitFor(() => expect(screen.queryByTestId('warning-visit-form')).toBeNull());
  });

  it('records a relative’s contact with relation, name, number and result, refusing a bad number', async () => {
    const calling = item({ state: 'calling' });
    const api = new FakeWarningsApi([calling]);
    await renderTab(api);
    fireEvent.click(rowOf(calling.id));
    fireEvent.change(await screen.findByTestId('warning-contact-relation'), { target: { value: '母亲' } });
    fireEvent.change(screen.getByTestId('warning-contact-name'), { target: { value: '李桂英' } });
    fireEvent.change(screen.getByTestId('warning-contact-number'), { target: { value: '139-0013 90x0' } });
    await pick('warning-contact-result', '答应协助劝阻');
    fireEvent.click(screen.getByTestId('warning-contact-send'));
    expect(await screen.findByText('电话号码无效')).toBeTruthy();
    expect(api.contactRecords).toEqual([]);
    fireEvent.change(screen.getByTestId('warning-contact-number'), { target: { value: '139-0013 9000' } });
    fireEvent.click(screen.getByTestId('warning-contact-send'));
    await waitFor(() => expect(api.contactRecords).toEqual([{ id: calling.id, body: { at: NOW, relation: '母亲', name: '李桂英', number: '13900139000', result: 'will-persuade' } }]));
    expect((await screen.findByTestId('warning-contact')).textContent).toContain('李桂英');
  });

  it('does not offer the visit form to a unit the visit did not go to', async () => {
    const dispatched = item({
      grade: 'high',
      state: 'visit-requested',
      visits: [{ id: '00000000-0000-4000-8000-0000000000b2', stationUnitId: STATION, dispatchedAt: NOW, officer: null, metAt: null, place: null, result: null, returnedAt: null }],
    });
    await renderTab(new FakeWarningsApi([dispatched]), '00000000-0000-4000-8000-0000000000ff');
    fireEvent.click(rowOf(dispatched.id));
    await screen.findByTestId('warning-escalation');
    expect(screen.queryByTestId('warning-visit-form')).toBeNull();
  });
});
