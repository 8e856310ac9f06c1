import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useHotkeys } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callInfo } from '../../../../test/fakes/web/call-info';
import { FakeRecordStore } from '../../../../test/fakes/web/fake-record-store';
import { template } from '../../../../test/fakes/web/freeze-fixtures';
import { renderWithProviders } from '../../../../test/fakes/web/render';
import { countRenders } from '../../../../test/fakes/web/render-counter';
import { MemoryHost } from '../../host/memory-host';
import type { Workstation, WorkstationSnapshot } from '../../state/workstation';
import { WorkstationContext } from '../../state/workstation-context';
import { DeskDb } from '../../storage/db';
import { SHORTCUTS } from '../shortcuts';
import { Sidebar } from './Sidebar';

/** Just what the sidebar reads from the workstation; the phone is not involved here. */
function fakeWorkstation(store: FakeRecordStore, db: DeskDb, dialled: string[]): Workstation {
  const snapshot: WorkstationSnapshot = { user: null, registration: { state: 'offline' }, calls: [], focusCall: null, sync: null } as unknown as WorkstationSnapshot;
  const fake = {
    recordStore: store,
    database: db,
    host: new MemoryHost(),
    subscribe: () => () => undefined,
    getSnapshot: () => snapshot,
    dial: async (n: string) => void dialled.push(n),
  };
  return fake as unknown as Workstation;
}

describe('Sidebar', () => {
  let db: DeskDb;
  let store: FakeRecordStore;
  beforeEach(() => {
    db = new DeskDb(`sidebar-${crypto.randomUUID()}`);
    store = new FakeRecordStore();
    store.templates = [template({ title: '开场白' })];
  });
  afterEach(async () => {
    cleanup();
    await db.delete();
  });

  async function sidebar(caseTab?: ReactNode) {
    await renderWithProviders(
      <WorkstationContext.Provider value={fakeWorkstation(store, db, [])}>
        <input data-testid="elsewhere" />
        <Sidebar caseTab={caseTab} />
      </WorkstationContext.Provider>,
    );
  }

  it("a hidden case tab keeps its shortcuts: Alt+1 reaches the case form while the look-up is shown", async () => {
    const pressed: string[] = [];
    function CaseProbe() {
      useHotkeys([['alt+1', () => pressed.push('alt+1')]], []);
      return <div data-testid="case-probe" />;
    }
    await sidebar(<CaseProbe />);
    const elsewhere = screen.getByTestId('elsewhere');
    await act(async () => {
      fireEvent.keyDown(elsewhere, { key: 'l', altKey: true });
    });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('lookup-value')));
    await act(async () => {
      fireEvent.keyDown(document.activeElement!, { key: '1', code: 'Digit1', altKey: true });
    });
    expect(pressed).toEqual(['alt+1']);
  });

  it('Alt+L and Alt+S jump to the look-up and template searches, from any field', async () => {
    await sidebar();
    const elsewhere = screen.getByTestId('elsewhere');
    elsewhere.focus();
    await act(async () => {
      fireEvent.keyDown(elsewhere, { key: 's', altKey: true });
    });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('templates-search')));
    await act(async () => {
      fireEvent.keyDown(document.activeElement!, { key: 'l', altKey: true });
    });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('lookup-value')));
  });

  it('Alt+Y jumps to the history search (历史), from any field', async () => {
    await sidebar();
    const elsewhere = screen.getByTestId('elsewhere');
    elsewhere.focus();
    await act(async () => {
      fireEvent.keyDown(elsewhere, { key: 'y', altKey: true });
    });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('history-number')));
    expect(screen.getByTestId('tab-history').textContent).toBe('历史');
  });

  it('Alt+C jumps back to the case form, onto its checked call-type choice', async () => {
    await sidebar(
      <div data-testid="case-panel">
        <input type="radio" name="call-type" value="a" aria-label="a" readOnly />
        <input type="radio" name="call-type" value="b" aria-label="b" checked readOnly data-testid="checked-type" />
        <select aria-label="c" />
      </div>,
    );
    const elsewhere = screen.getByTestId('elsewhere');
    elsewhere.focus();
    await act(async () => {
      fireEvent.keyDown(elsewhere, { key: 'l', altKey: true });
    });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('lookup-value')));
    await act(async () => {
      fireEvent.keyDown(document.activeElement!, { key: 'c', altKey: true });
    });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('checked-type')));
  });

  it('F1 opens the shortcut sheet listing every shortcut, `?` too but not while typing', async () => {
    await sidebar();
    const elsewhere = screen.getByTestId('elsewhere');
    elsewhere.focus();
    fireEvent.keyDown(elsewhere, { key: '?', shiftKey: true });
    expect(screen.queryByText('快捷键')).toBeNull();
    await act(async () => {
      fireEvent.keyDown(elsewhere, { key: 'F1' });
    });
    expect(await screen.findByText('快捷键')).toBeTruthy();
    const rows = await screen.findAllByTestId('shortcut-row');
    expect(rows).toHaveLength(SHORTCUTS.length);
    for (const keys of ['Alt+A', 'Alt+H', 'Alt+D', 'Alt+K', 'Alt+M', 'Alt+T', 'Ctrl+Enter', 'Alt+C', 'Alt+L', 'Alt+S']) {
      expect(rows.some((r) => r.textContent?.startsWith(keys)), keys).toBe(true);
    }
    expect(screen.getByText('接听来电')).toBeTruthy();
  });

  it('`?` outside a field opens the sheet', async () => {
    await sidebar();
    await act(async () => {
      fireEvent.keyDown(document.body, { key: '?', shiftKey: true });
    });
    expect(await screen.findByText('快捷键')).toBeTruthy();
  });

  it('shows the case tab first when the case panel is passed in', async () => {
    await sidebar(<div data-testid="case-panel">case</div>);
    expect(screen.getByText('案件')).toBeTruthy();
    expect(screen.getByTestId('case-panel')).toBeTruthy();
  });

  it('a new inbound call re-renders the sidebar (back to the case tab), not the panels in it', async () => {
    let snapshot = { user: null, registration: { state: 'offline' }, calls: [], focusCall: null, sync: null } as unknown as WorkstationSnapshot;
    const listeners = new Set<() => void>();
    const ws = {
      ...fakeWorkstation(store, db, []),
      subscribe: (l: () => void) => (listeners.add(l), () => void listeners.delete(l)),
      getSnapshot: () => snapshot,
    } as unknown as Workstation;
    await renderWithProviders(
      <WorkstationContext.Provider value={ws}>
        <Sidebar caseTab={<div data-testid="case-panel">case</div>} />
      </WorkstationContext.Provider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('template-card')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('tab-templates'));
    const counting = countRenders();
    const ringing = callInfo();
    act(() => {
      snapshot = { ...snapshot, calls: [ringing], focusCall: ringing };
      listeners.forEach((l) => l());
    });
    const renders = counting.stop();
    expect(screen.getByTestId('sidebar').dataset.tab).toBe('case');
    expect(renders.get('Sidebar')).toBeGreaterThan(0);
    // The panels that do not show the call are left alone (the look-up and the templates follow the call themselves).
    for (const panel of ['HistorySearchTab', 'ShortcutSheet', 'FollowUpReminder', 'FollowUpsTabLabel']) expect([panel, renders.get(panel) ?? 0]).toEqual([panel, 0]);
  });
});
