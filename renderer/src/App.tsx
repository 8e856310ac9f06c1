import { AppShell, Group, Grid, SegmentedControl, Text } from '@mantine/core';
import { useMemo } from 'react';
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
import { useWorkstation, useWorkstationSnapshot } from './state/workstation-context';
import { DesktopNotices } from './ui/DesktopNotices';
import { StatusBar } from './ui/StatusBar';
import { StorageHealthBanner } from './ui/StorageHealthBanner';
import { storageHealth } from './storage/storage-health';

/** The workstation: sign-in, then phone on the left and the case being logged on the right. */
export function App() {
  const { t, i18n } = useTranslation();
  const ws = useWorkstation();
  const snap = useWorkstationSnapshot();
  // The desk's panels read the workstation themselves: built once, so a change they do not
  // show (sync status, a user field) does not re-render all of them (issue 17: the answer
  // went from 0.7 s to 1.3 s over a shift as each of those renders grew).
  const desk = useMemo(() => <Desk />, []);
  if (!snap.user)
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
              {snap.user.displayName}
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
        {snap.sync?.needsSignIn && <ReauthBanner />}
        <StorageHealthBanner monitor={storageHealth} probe={() => ws.probeStorage()} />
        <DesktopNotices host={ws.host} />
        <RecordStoreBanner host={ws.host} />
        {/* That look-ups are not cached here matters only while the record store is out of reach (the settings always say it). */}
        {snap.sync && !snap.sync.online && <CacheNotice host={ws.host} />}
        <div style={{ flex: 1, minHeight: 0, overflowY: 'auto' }} data-testid="desk-area">
          <SupervisorSwitch role={snap.user.role} ringing={snap.calls.some((c) => c.direction === 'inbound' && c.state === 'ringing')}>
            {desk}
          </SupervisorSwitch>
        </div>
      </AppShell.Main>
      <AppShell.Footer>
        <Group justify="space-between" wrap="nowrap" pr="md">
          <StatusBar sync={snap.sync} db={ws.database} onRetried={() => ws.kickSync()} />
          <AgentStateControl />
        </Group>
      </AppShell.Footer>
    </AppShell>
  );
}

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
