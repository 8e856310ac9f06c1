import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AutoCallSummary, WarningInstruction } from '@shared/schemas/warning';
import { useLayoutBox } from '../../../../test/fakes/web/layout-box';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { FakeWarningsApi, item, MIN, NOW } from '../../../../test/fakes/web/warnings-test-kit';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { TemplatesProvider } from '../templates';
import { compareQueueItems } from './queue-order';
import { WarningsTab } from './WarningsTab';

const ME = '00000000-0000-4000-8000-000000000e01';

const auto = (overrides: Partial<AutoCallSummary> = {}): AutoCallSummary => ({
  status: 'queued',
  priority: false,
  escalation: null,
  inCall: false,
  nextAttemptAt: NOW + 20 * MIN,
  maxAttempts: 3,
  attempts: [{ at: NOW - 5 * MIN, number: '13800138000', outcome: 'busy', result: 'busy' }],
  ...overrides,
});

/** The fake record store, plus the take-over endpoint (answers: assigned to me, automatic work stopped). */
class TakeOverApi extends FakeWarningsApi {
  takenOver: string[] = [];
  async takeOverWarning(id: string): Promise<WarningInstruction> {
    this.takenOver.push(id);
    const current = this.items.find((i) => i.id === id)!;
    return { ...current, assigneeId: ME, autoCall: { ...current.autoCall!, status: 'taken-over', nextAttemptAt: null } };
  }
}

async function renderTab(api: FakeWarningsApi) {
  const ws = { dial: async () => ({ id: crypto.randomUUID() }) } as unknown as Workstation;
  await renderWithProviders(
    <WorkstationContext.Provider value={ws}>
      <TemplatesProvider api={{ listTemplates: async () => ({ templates: [] }) } as never} db={null}>
        <WarningsTab api={api} clock={() => NOW} userId={ME} />
      </TemplatesProvider>
    </WorkstationContext.Provider>,
  );
  await waitFor(() => expect(screen.queryAllByTestId('warning-row').length).toBeGreaterThan(0));
}

describe('automatic warning calls on the desk (issue 19)', () => {
  useLayoutBox();
  afterEach(() => cleanup());

  it('shows progress in the queue and the detail, the automatic calls beside the agents’ attempts, and takes over in one keyboard action', async () => {
    const handled = item({
      grade: 'low',
      personName: '王五',
      attempts: [{ id: '00000000-0000-4000-8000-00000000aaaa', at: NOW - 2 * MIN, agentId: '00000000-0000-4000-8000-00000000bbbb', channel: 'call', number: '13800138000', result: 'no-answer', callRecordId: null }],
      autoCall: auto(),
    });
    const api = new TakeOverApi([handled]);
    await renderTab(api);
    const row = screen.getAllByTestId('warning-row')[0]!;
    expect(within(row).getByTestId('warning-auto-call').textContent).toBe('自动外呼中 1/3');
    fireEvent.click(row);
    const panel = await screen.findByTestId('auto-call-panel');
    expect(within(panel).getByTestId('auto-call-progress').textContent).toContain('第 1 次 / 共 3 次');
    expect(within(panel).getByTestId('auto-call-progress').textContent).toContain('上次结果：占线');
    expect(within(panel).getByTestId('auto-call-holder').textContent).toContain('无（自动处理）');
    // History: the automatic call (5 min ago) before the agent's attempt (2 min ago).
    const lines = within(screen.getByTestId('warning-detail-attempts')).getAllByText(/13800138000/).map((l) => l.getAttribute('data-testid'));
    expect(lines).toEqual(['warning-detail-auto-attempt', 'warning-detail-attempt']);
    expect(screen.getByTestId('warning-detail-auto-attempt').textContent).toContain('自动外呼 13800138000 · 占线');

    const button = within(panel).getByTestId('auto-call-take-over');
    // A real button: in the Tab order, pressed with Enter/Space like any other.
    expect(button.tagName).toBe('BUTTON');
    button.focus();
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
    await waitFor(() => expect(api.takenOver).toEqual([handled.id]));
    await waitFor(() => expect(screen.getByTestId('auto-call-holder').textContent).toContain('你'));
    expect(screen.getByTestId('auto-call-status').textContent).toBe('已人工接管');
    expect(screen.queryByTestId('auto-call-take-over')).toBeNull();
  });

  it('a person who pressed 2 is marked and sorted before older instructions of the grade', () => {
    const older = item({ grade: 'low', issuedAt: NOW - 60 * MIN, autoCall: auto() });
    const callback = item({ grade: 'low', issuedAt: NOW - 10 * MIN, autoCall: auto({ status: 'escalated', priority: true, escalation: 'callback-requested', nextAttemptAt: null }) });
    const high = item({ grade: 'high', issuedAt: NOW });
    expect([older, callback, high].sort(compareQueueItems).map((i) => i.id)).toEqual([high.id, callback.id, older.id]);
  });

  it('held by someone else: says so and offers no take-over', async () => {
    await renderTab(new TakeOverApi([item({ grade: 'low', assigneeId: '00000000-0000-4000-8000-0000000000cc', autoCall: auto({ status: 'taken-over', nextAttemptAt: null }) })]));
    fireEvent.click(screen.getAllByTestId('warning-row')[0]!);
    expect((await screen.findByTestId('auto-call-holder')).textContent).toContain('其他人员（00000000）');
    expect(screen.queryByTestId('auto-call-take-over')).toBeNull();
  });
});
