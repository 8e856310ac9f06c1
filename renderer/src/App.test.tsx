import { act, cleanup, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@shared/schemas/auth';
import { callInfo } from '../../test/fakes/web/call-info';
import { renderWithProviders } from '../../test/fakes/web/render';
import type { SyncView } from './sync/sync-engine';
import type { Workstation, WorkstationSnapshot } from './state/workstation';
import { WorkstationContext } from './state/workstation-context';

/** Renders per stand-in component: what a workstation change re-rendered. */
const renders = new Map<string, number>();
const counted =
  (name: string) =>
  ({ children }: { children?: ReactNode }) => {
    renders.set(name, (renders.get(name) ?? 0) + 1);
    return <div data-testid={`stub-${name}`}>{children}</div>;
  };

// The shell's parts as counting stand-ins: the test is about which of them a change re-renders.
vi.mock('./features/call-note/CallNotePanel', () => ({ CallNotePanel: counted('CallNotePanel') }));
vi.mock('./features/case', () => ({ AgentStateControl: counted('AgentStateControl'), CasePanel: counted('CasePanel') }));
vi.mock('./features/phone/PhonePanel', () => ({ PhonePanel: counted('PhonePanel') }));
vi.mock('./features/callbacks/CallbackList', () => ({ CallbackList: counted('CallbackList') }));
vi.mock('./features/sign-in/ReauthBanner', () => ({ ReauthBanner: counted('ReauthBanner') }));
vi.mock('./features/sign-in/SignInPage', () => ({ SignInPage: counted('SignInPage') }));
vi.mock('./features/sign-in/SignOutButton', () => ({ SignOutButton: counted('SignOutButton') }));
vi.mock('./features/settings', () => ({ CacheNotice: counted('CacheNotice'), RecordStoreBanner: counted('RecordStoreBanner'), RecordStoreGate: counted('RecordStoreGate'), SettingsButton: counted('SettingsButton') }));
vi.mock('./features/sidebar', () => ({ Sidebar: counted('Sidebar') }));
vi.mock('./features/supervisor', () => ({ SupervisorSwitch: ({ ringing, children }: { ringing: boolean; children: ReactNode }) => counted(`SupervisorSwitch ringing=${ringing}`)({ children }) }));
vi.mock('./ui/DesktopNotices', () => ({ DesktopNotices: counted('DesktopNotices') }));
vi.mock('./ui/StorageHealthBanner', () => ({ StorageHealthBanner: counted('StorageHealthBanner') }));
vi.mock('./ui/StatusBar', () => ({ StatusBar: ({ sync }: { sync: SyncView | null }) => counted(`StatusBar pending=${sync?.pending ?? '-'}`)({}) }));

const { App } = await import('./App');

const ME = { id: crypto.randomUUID(), orgUnitId: crypto.randomUUID(), username: 'agent', role: 'agent', displayName: '接警员甲' } as unknown as SessionUser;
const SYNC = { online: true, pending: 0, oldestPendingAt: null, lastSyncAt: null, lastError: null, nextRetryAt: null, refused: 0, needsSignIn: false } as unknown as SyncView;

/** A workstation whose snapshot the test changes as the real one patches it. */
function fakeWorkstation(): { ws: Workstation; patch: (p: Partial<WorkstationSnapshot>) => void } {
  let snap: WorkstationSnapshot = { user: ME, registration: { state: 'registered' }, calls: [], focusCall: null, sync: SYNC };
  const listeners = new Set<() => void>();
  const ws = {
    host: {},
    database: null,
    subscribe: (l: () => void) => (listeners.add(l), () => void listeners.delete(l)),
    getSnapshot: () => snap,
    kickSync: () => undefined,
    probeStorage: () => undefined,
  } as unknown as Workstation;
  const patch = (p: Partial<WorkstationSnapshot>) =>
    act(() => {
      snap = { ...snap, ...p };
      listeners.forEach((l) => l());
    });
  return { ws, patch };
}

const count = (name: string) => renders.get(name) ?? 0;

afterEach(() => {
  cleanup();
  renders.clear();
});

describe('App shell re-renders', () => {
  it('a call event re-renders only the ringing switch, and a sync tick only the status bar', async () => {
    const { ws, patch } = fakeWorkstation();
    await renderWithProviders(
      <WorkstationContext.Provider value={ws}>
        <App />
      </WorkstationContext.Provider>,
    );
    expect(screen.getByTestId('agent-name').textContent).toBe('接警员甲');
    const shell = ['SettingsButton', 'SignOutButton', 'DesktopNotices', 'RecordStoreBanner', 'StorageHealthBanner', 'AgentStateControl', 'PhonePanel', 'CasePanel', 'Sidebar'];
    const before = new Map(shell.map((name) => [name, count(name)]));
    expect(count('StatusBar pending=0')).toBe(1);
    expect(count('SupervisorSwitch ringing=false')).toBe(1);

    // An inbound call rings, is answered, ends: the calls change three times.
    const ringing = callInfo();
    patch({ calls: [ringing], focusCall: ringing });
    const active = { ...ringing, state: 'active' as const, answeredAt: Date.now() };
    patch({ calls: [active], focusCall: active });
    patch({ calls: [], focusCall: { ...active, state: 'ended' as const } });
    // Sync ticks: the same status again, then one change queued.
    patch({ sync: { ...SYNC } });
    patch({ sync: { ...SYNC, pending: 1 } });

    for (const name of shell) expect([name, count(name)]).toEqual([name, before.get(name)]);
    expect(count('SupervisorSwitch ringing=true')).toBe(1);
    expect(count('SupervisorSwitch ringing=false')).toBe(2);
    expect(count('StatusBar pending=0')).toBe(2);
    expect(count('StatusBar pending=1')).toBe(1);
    expect(count('ReauthBanner') + count('CacheNotice')).toBe(0);

    // What the banners follow still shows: offline, then a new sign-in needed.
    patch({ sync: { ...SYNC, online: false, needsSignIn: true } });
    expect(screen.getByTestId('stub-ReauthBanner')).toBeTruthy();
    expect(screen.getByTestId('stub-CacheNotice')).toBeTruthy();
    expect(count('SettingsButton')).toBe(before.get('SettingsButton'));
  });
});
