import { AppShell, Group, Grid, SegmentedControl, Text } from '@mantine/core';
import { memo, useMemo, type ReactNode } from 'react';
import type { SessionUser } from '@shared/schemas/auth';
import { useTranslation } from 'react-i18next';
import { CallNotePanel } from './features/call-note/CallNotePanel';
import { AgentStateControl, CasePanel } from './features/case';
import { PhonePanel } from './features/phone/PhonePanel';
import { CallbackList } from './features/callbacks/CallbackList';
import { ReauthBanner } from './features/sign-in/ReauthBanner';
import { SignInPage } from './features/sign-in/SignInPage';
import { SignOutButton } from './features/sign-in/SignOutButton';
import { CacheNotice, RecordStoreBanner, RecordStoreGate, SettingsButton } from './features/settings';
import { Sidebar } from './features/sidebar';
import { SupervisorSwitch } from './features/supervisor';
import { useWorkstationSelector } from './state/use-workstation-selector';
import { useWorkstation } from './state/workstation-context';
import type { WorkstationSnapshot } from './state/workstation';
import { DesktopNotices } from './ui/DesktopNotices';
import { StatusBar } from './ui/StatusBar';
import { StorageHealthBanner } from './ui/StorageHealthBanner';
import { storageHealth } from './storage/storage-health';

const userOf = (s: WorkstationSnapshot) => s.user;
const syncOf = (s: WorkstationSnapshot) => s.sync;
const needsSignInOf = (s: WorkstationSnapshot) => s.sync?.needsSignIn === true;
const offlineOf = (s: WorkstationSnapshot) => !!s.sync && !s.sync.online;
const ringingOf = (s: WorkstationSnapshot) => s.calls.some((c) => c.direction === 'inbound' && c.state === 'ringing');

/**
 * The workstation: sign-in, then phone on the left and the case being logged on the right.
 * It reads only the signed-in user. Reading the whole snapshot, every call event and sync tick
 * re-rendered the shell (header, settings dialog, status bar): eight of the ten renders during
 * an answer in the soak bench. The parts that show calls or sync subscribe themselves.
 */
export function App() {
  const { t, i18n } = useTranslation();
  const ws = useWorkstation();
  const user = useWorkstationSelector(userOf);
  // The desk's panels read the workstation themselves: built once, so a change they do not
  // show (sync status, a user field) does not re-render all of them (issue 17: the answer
  // went from 0.7 s to 1.3 s over a shift as each of those renders grew).
  const desk = useMemo(() => <Desk />, []);
  if (!user)
    return (
      <RecordStoreGate host={ws.host} client={ws.recordStore}>
        <SignInPage />
      </RecordStoreGate>
    );
  return (
    <AppShell header={{ height: 48 }} footer={{ height: 28 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Text fw={700}>{t('app.title')}</Text>
          <Group>
            <Text size="sm" data-testid="agent-name">
              {user.displayName}
            </Text>
            <SegmentedControl
              size="xs"
              aria-label={t('app.language')}
              value={i18n.language}
              onChange={(lng) => void i18n.changeLanguage(lng)}
              data={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'EN' },
              ]}
            />
            <SettingsButton host={ws.host} />
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>
      {/* One screen high (issue 17, 1366×768 and up): the columns scroll inside themselves, so the phone and the sidebar's tabs never leave the screen. */}
      <AppShell.Main h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
        <SyncBanners />
        <StorageHealthBanner monitor={storageHealth} probe={() => ws.probeStorage()} />
        <DesktopNotices host={ws.host} />
        <RecordStoreBanner host={ws.host} />
        <div style={{ flex: 1, minHeight: 0, overflowY: 'auto' }} data-testid="desk-area">
          <RingingAwareSwitch role={user.role} desk={desk} />
        </div>
      </AppShell.Main>
      <AppShell.Footer>
        <Group justify="space-between" wrap="nowrap" pr="md">
          <SyncStatusBar />
          <AgentStateControl />
        </Group>
      </AppShell.Footer>
    </AppShell>
  );
}

/** The banners that follow the sync status: a new sign-in needed, look-ups not cached while offline. */
const SyncBanners = memo(function SyncBanners() {
  const ws = useWorkstation();
  const needsSignIn = useWorkstationSelector(needsSignInOf);
  const offline = useWorkstationSelector(offlineOf);
  return (
    <>
      {needsSignIn && <ReauthBanner />}
      {/* That look-ups are not cached here matters only while the record store is out of reach (the settings always say it). */}
      {offline && <CacheNotice host={ws.host} />}
    </>
  );
});

/** The status bar, re-rendered by sync ticks only. */
const SyncStatusBar = memo(function SyncStatusBar() {
  const ws = useWorkstation();
  const sync = useWorkstationSelector(syncOf);
  return <StatusBar sync={sync} db={ws.database} onRetried={() => ws.kickSync()} />;
});

/** The supervisor switch, which needs to know only whether a 96110 call is ringing. */
const RingingAwareSwitch = memo(function RingingAwareSwitch({ role, desk }: { role: SessionUser['role']; desk: ReactNode }) {
  const ringing = useWorkstationSelector(ringingOf);
  return (
    <SupervisorSwitch role={role} ringing={ringing}>
      {desk}
    </SupervisorSwitch>
  );
});

/** The three columns: phone, note, sidebar (each subscribes to what it shows). */
function Desk() {
  return (
    <Grid h="100%" styles={{ inner: { height: '100%' }, col: { height: '100%', overflowY: 'auto' } }}>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <PhonePanel />
        <CallbackList />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <CallNotePanel />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Sidebar caseTab={<CasePanel />} />
      </Grid.Col>
    </Grid>
  );
}
