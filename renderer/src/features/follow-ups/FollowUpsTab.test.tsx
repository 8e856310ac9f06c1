import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@shared/schemas/auth';
import { FakeRecordStore } from '../../../../test/fakes/web/fake-record-store';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { MemoryHost } from '../../host/memory-host';
import type { Workstation, WorkstationSnapshot } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { openCaseForCall } from '../../storage/case-repository';
import { DeskDb } from '../../storage/db';
import { createFollowUp } from '../../storage/follow-up-repository';
import { callRecordFixture } from '../../../../test/fakes/web/call-record';
import { Sidebar } from '../sidebar/Sidebar';
import { FollowUpReminder } from './FollowUpReminder';
import { FollowUpsTab } from './FollowUpsTab';

const USER = { id: crypto.randomUUID(), orgUnitId: crypto.randomUUID(), username: 'agentA1', role: 'call-taker', displayName: '张警官' } as unknown as SessionUser;
const HOUR = 3_600_000;

interface Fake {
  ws: Workstation;
  dialled: string[];
  host: MemoryHost;
  kicks: number;
}

function fakeWorkstation(db: DeskDb, snapshot: Partial<WorkstationSnapshot>, hostKind: 'memory' | 'electron' = 'memory'): Fake {
  const host = new MemoryHost();
  Object.defineProperty(host, 'kind', { value: hostKind });
  const snap = { user: USER, registration: { state: 'offline' }, calls: [], focusCall: null, sync: null, ...snapshot } as WorkstationSnapshot;
  const fake: Fake = { ws: null as unknown as Workstation, dialled: [], host, kicks: 0 };
  fake.ws = {
    recordStore: new FakeRecordStore(),
    database: db,
    host,
    subscribe: () => () => undefined,
    getSnapshot: () => snap,
    dial: async (n: string) => void fake.dialled.push(n),
    kickSync: () => void fake.kicks++,
  } as unknown as Workstation;
  return fake;
}

const mine = (dueAt: number, patch: { note?: string; callerNumber?: string | null; assigneeId?: string } = {}) =>
  createFollowUp(db, { assigneeId: USER.id, orgUnitId: USER.orgUnitId, dueAt, note: '回访', callerNumber: '+8613800138000', ...patch });

let db: DeskDb;
beforeEach(() => {
  db = new DeskDb(`follow-ups-ui-${crypto.randomUUID()}`);
});
afterEach(async () => {
  cleanup();
  db.close();
  await db.delete();
});

describe('FollowUpsTab', () => {
  it('lists my open follow-ups soonest first, marks the overdue ones, and dials a number with one click', async () => {
    const now = Date.now();
    await mine(now + 2 * HOUR, { note: '稍后回访', callerNumber: '+8613900139000' });
    await mine(now - HOUR, { note: '已过期的回访' });
    await mine(now - HOUR, { note: '别人的', assigneeId: crypto.randomUUID() });
    const fake = fakeWorkstation(db, {});
    await renderWithProviders(
      <WorkstationContext.Provider value={fake.ws}>
        <FollowUpsTab />
      </WorkstationContext.Provider>,
    );
    const items = await screen.findAllByTestId('follow-up-item');
    expect(items.map((i) => i.getAttribute('data-overdue'))).toEqual(['true', 'false']);
    expect(within(items[0]!).getByText('已过期的回访')).toBeTruthy();
    expect(within(items[0]!).getByText('已到期')).toBeTruthy();
    expect(screen.queryByText('别人的')).toBeNull();
    fireEvent.click(within(items[1]!).getByTestId('follow-up-dial'));
    expect(fake.dialled).toEqual(['+8613900139000']);
  });

  it('creates one from the call in focus (its number and case), due tomorrow 09:00', async () => {
    const call = callRecordFixture({ remoteNumber: '13800138000' });
    const opened = await openCaseForCall(db, call);
    const fake = fakeWorkstation(db, { focusCall: { id: call.id, remoteNumber: call.remoteNumber } as WorkstationSnapshot['focusCall'] });
    await renderWithProviders(
      <WorkstationContext.Provider value={fake.ws}>
        <FollowUpsTab />
      </WorkstationContext.Provider>,
    );
    fireEvent.click(await screen.findByTestId('follow-up-add'));
    expect((screen.getByLabelText('回访号码') as HTMLInputElement).value).toBe('+8613800138000');
    fireEvent.change(screen.getByLabelText('跟进事项'), { target: { value: '回访：是否已联系发卡行' } });
    fireEvent.click(screen.getByText('明天 09:00'));
    await act(async () => {
      fireEvent.click(screen.getByText('保存'));
    });
    await waitFor(() => expect(screen.queryByTestId('follow-up-form')).toBeNull());
    const [row] = await db.followUps.toArray();
    const tomorrow9 = new Date();
    tomorrow9.setDate(tomorrow9.getDate() + 1);
    tomorrow9.setHours(9, 0, 0, 0);
    expect(row).toMatchObject({ callerNumber: '+8613800138000', caseId: opened.id, callRecordId: call.id, note: '回访：是否已联系发卡行', dueAt: tomorrow9.getTime(), assigneeId: USER.id, state: 'open' });
    const queued = (await db.outbox.orderBy('seq').toArray()).map((r) => r.mutation.name);
    expect(queued).toEqual(['case.open', 'followUp.create']);
    expect(fake.kicks).toBe(1);
    expect(await screen.findByText('回访：是否已联系发卡行')).toBeTruthy();
  });

  it('names the field in Chinese when neither a number nor a note is given, and saves nothing', async () => {
    const fake = fakeWorkstation(db, {});
    await renderWithProviders(
      <WorkstationContext.Provider value={fake.ws}>
        <FollowUpsTab />
      </WorkstationContext.Provider>,
    );
    fireEvent.click(await screen.findByTestId('follow-up-add'));
    fireEvent.change(screen.getByLabelText('回访号码'), { target: { value: '138-0013' } });
    await act(async () => {
      fireEvent.click(screen.getByText('保存'));
    });
    expect(await screen.findByText('号码格式不正确')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('回访号码'), { target: { value: '' } });
    fireEvent.click(screen.getByText('自定义'));
    fireEvent.change(screen.getByLabelText('自定义时间'), { target: { value: '' } });
    await act(async () => {
      fireEvent.click(screen.getByText('保存'));
    });
    expect(await screen.findByText('请选择有效的到期时间')).toBeTruthy();
    fireEvent.click(screen.getByText('1 小时后'));
    await act(async () => {
      fireEvent.click(screen.getByText('保存'));
    });
    expect(await screen.findByText('请填写回访号码或跟进事项')).toBeTruthy();
    expect(await db.followUps.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('marks one done, and deletes another only after confirming', async () => {
    const now = Date.now();
    const a = await mine(now + HOUR, { note: '完成这条' });
    const b = await mine(now + 2 * HOUR, { note: '删除这条' });
    const fake = fakeWorkstation(db, {});
    await renderWithProviders(
      <WorkstationContext.Provider value={fake.ws}>
        <FollowUpsTab />
      </WorkstationContext.Provider>,
    );
    const [first, second] = await screen.findAllByTestId('follow-up-item');
    fireEvent.click(within(first!).getByText('完成'));
    await waitFor(() => expect(screen.queryByText('完成这条')).toBeNull());
    expect((await db.followUps.get(a.id))?.state).toBe('done');
    fireEvent.click(within(second!).getByText('删除'));
    expect(await screen.findByText('删除这条跟进？')).toBeTruthy();
    expect(await db.followUps.get(b.id)).toBeDefined();
    fireEvent.click(screen.getByTestId('follow-up-delete-confirm'));
    await waitFor(() => expect(screen.queryByText('删除这条')).toBeNull());
    expect(await db.followUps.get(b.id)).toBeUndefined();
    expect((await db.outbox.orderBy('seq').toArray()).map((r) => r.mutation.name)).toEqual(['followUp.create', 'followUp.create', 'followUp.complete', 'followUp.delete']);
    await waitFor(() => expect(fake.kicks).toBe(2));
  });
});

describe('follow-up reminder and sidebar tab', () => {
  it('reminds once when one falls due: an in-app alert and, in Electron, a desktop notification', async () => {
    const fake = fakeWorkstation(db, {}, 'electron');
    await mine(Date.now() + 150, { note: '到点回访' });
    await mine(Date.now() + HOUR, { note: '还没到' });
    let opened = 0;
    await renderWithProviders(
      <WorkstationContext.Provider value={fake.ws}>
        <FollowUpReminder onOpen={() => opened++} intervalMs={50} />
      </WorkstationContext.Provider>,
    );
    expect(screen.queryByTestId('follow-up-reminder')).toBeNull();
    const alert = await screen.findByTestId('follow-up-reminder', {}, { timeout: 3000 });
    expect(alert.textContent).toContain('+8613800138000 到点回访');
    expect(alert.textContent).not.toContain('还没到');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.host.notifications).toEqual([{ title: '跟进到期', body: '+8613800138000 到点回访', tag: 'follow-up-due' }]);
    fireEvent.click(within(alert).getByText('我的待跟进'));
    expect(opened).toBe(1);
  });

  it('does not notify the desktop outside Electron', async () => {
    const fake = fakeWorkstation(db, {});
    await mine(Date.now() - 1000, { note: '早已到期' });
    await renderWithProviders(
      <WorkstationContext.Provider value={fake.ws}>
        <FollowUpReminder onOpen={() => undefined} intervalMs={50} />
      </WorkstationContext.Provider>,
    );
    expect(await screen.findByTestId('follow-up-reminder')).toBeTruthy();
    expect(fake.host.notifications).toEqual([]);
  });

  it('shows the overdue count on the 跟进 tab and Alt+R opens it from any field', async () => {
    await mine(Date.now() - HOUR, { note: '过期一' });
    await mine(Date.now() - 2 * HOUR, { note: '过期二' });
    await mine(Date.now() + HOUR, { note: '未到期' });
    const fake = fakeWorkstation(db, {});
    await renderWithProviders(
      <WorkstationContext.Provider value={fake.ws}>
        <input data-testid="elsewhere" />
        <Sidebar />
      </WorkstationContext.Provider>,
    );
    expect((await screen.findByTestId('follow-ups-overdue-badge')).textContent).toBe('2');
    const tab = screen.getByTestId('tab-follow-ups');
    expect(tab.getAttribute('aria-selected')).toBe('false');
    const elsewhere = screen.getByTestId('elsewhere');
    elsewhere.focus();
    await act(async () => {
      fireEvent.keyDown(elsewhere, { key: 'r', altKey: true });
    });
    await waitFor(() => expect(screen.getByTestId('tab-follow-ups').getAttribute('aria-selected')).toBe('true'));
    expect(screen.getAllByTestId('follow-up-item')).toHaveLength(3);
  });
});
