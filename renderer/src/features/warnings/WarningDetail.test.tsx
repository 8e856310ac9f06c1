import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { template } from '../../../../test/fakes/web/freeze-fixtures';
import { useLayoutBox } from '../../../../test/fakes/web/layout-box';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import type { Workstation } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { TemplatesProvider } from '../templates';
import { FakeWarningsApi, item, NOW } from '../../../../test/fakes/web/warnings-test-kit';
import { maskIdNumber } from './WarningDetail';
import { WarningsTab } from './WarningsTab';

const templates = [
  template({ key: 'sms.warning-low', channel: 'sms', scenario: 'warning-call', title: '低危预警短信', body: '【96110】您可能正在遭遇诈骗，请勿转账，如有疑问请拨打96110。' }),
  template({ key: 'sms.bad', channel: 'sms', scenario: 'warning-call', title: '不合规短信', body: '详情请访问 www.example.com' }),
];

async function renderTab(api: FakeWarningsApi) {
  const ws = { dial: async () => ({ id: crypto.randomUUID() }) } as unknown as Workstation;
  await renderWithProviders(
    <WorkstationContext.Provider value={ws}>
      <TemplatesProvider api={{ listTemplates: async () => ({ templates }) } as never} db={null}>
        <WarningsTab api={api} clock={() => NOW} />
      </TemplatesProvider>
    </WorkstationContext.Provider>,
  );
  await waitFor(() => expect(screen.queryAllByTestId('warning-row').length).toBeGreaterThan(0));
}

describe('WarningDetail (issue 17)', () => {
  useLayoutBox();
  afterEach(() => cleanup());

  it('shows the selected instruction: summary, phones, masked ID, fraud type in Chinese, history; ↑/↓ move the selection', async () => {
    const first = item({ grade: 'extreme', fraudType: 'fake-loan', summary: '与涉诈号码通话 25 分钟', phones: ['13800138000', '13900139000'], idNumber: '110105199001011234', attempts: [{ id: '00000000-0000-4000-8000-00000000aaaa', at: NOW - 60_000, agentId: '00000000-0000-4000-8000-00000000bbbb', channel: 'call', number: '13800138000', result: 'no-answer', callRecordId: null }] });
    const second = item({ grade: 'low', personName: '李四' });
    await renderTab(new FakeWarningsApi([first, second]));
    // Rows name the fraud type in the UI language, never the raw code.
    expect(screen.getAllByTestId('warning-row')[0]!.textContent).toContain('虚假贷款');
    expect(screen.getAllByTestId('warning-row')[0]!.textContent).not.toContain('fake-loan');

    const queue = screen.getByTestId('warning-queue');
    expect(queue.tabIndex).toBe(0);
    fireEvent.keyDown(queue, { key: 'ArrowDown' });
    const detail = await screen.findByTestId('warning-detail');
    expect(detail.dataset.id).toBe(first.id);
    expect(screen.getByTestId('warning-detail-summary').textContent).toContain('与涉诈号码通话 25 分钟');
    expect(screen.getByTestId('warning-detail-phones').textContent).toBe('13800138000、13900139000');
    expect(screen.getByTestId('warning-detail-id').textContent).toBe('110***********1234');
    expect(screen.getByTestId('warning-detail-fraud-type').textContent).toBe('虚假贷款');
    expect(screen.getAllByTestId('warning-detail-attempt')[0]!.textContent).toContain('无人接听');
    expect(screen.getAllByTestId('warning-row')[0]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(queue, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByTestId('warning-detail').dataset.id).toBe(second.id));
  });

  it('sends a manual SMS from an approved template only (no links), through the server transition', async () => {
    const one = item({ state: 'signed-for' });
    const api = new FakeWarningsApi([one]);
    await renderTab(api);
    fireEvent.click(screen.getAllByTestId('warning-row')[0]!);
    const select = await screen.findByTestId('warning-sms-template');
    await waitFor(() => expect([...select.querySelectorAll('option')].map((o) => o.value)).toEqual(['sms.warning-low']));
    fireEvent.click(screen.getByTestId('warning-sms-send'));
    await waitFor(() => expect(api.transitions).toEqual([{ id: one.id, body: { action: 'send-sms', templateKey: 'sms.warning-low', expectedState: 'signed-for' } }]));
    await screen.findByTestId('warning-sms-sent');
  });

  it('masks an ID number to its region and last 4', () => {
    expect(maskIdNumber('11010519900101123X')).toBe('110***********123X');
    expect(maskIdNumber(null)).toBe('—');
    expect(maskIdNumber('110***********1234')).toBe('110***********1234');
  });
});
