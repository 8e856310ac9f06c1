import { Alert, Badge, Button, Group, Modal, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi } from '@shared/host-api';
import type { DesktopSettings, ShortcutStatus } from '@shared/ipc/desktop';
import { CacheNotice } from './CacheNotice';
import { SHORTCUT_ACTIONS, draftFrom, draftProblem, settingsFrom, type ShortcutDraft } from './shortcut-draft';

const STATE_COLOR: Record<ShortcutStatus['state'], string> = { registered: 'green', conflict: 'red', invalid: 'red', off: 'gray' };

/**
 * The settings screen: UI language; on the desktop, the window on top for an incoming call
 * and the global shortcuts with main's live verdict on each (registered, held by another
 * program, invalid). In a browser the desktop part is shown disabled with a note.
 */
export function SettingsModal({ host, opened, onClose }: { host: HostApi; opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const desktop = host.kind !== 'web';
  const [saved, setSaved] = useState<DesktopSettings | null>(null);
  const [alwaysOnTop, setAlwaysOnTop] = useState(false);
  const [draft, setDraft] = useState<ShortcutDraft>({ answer: '', hangup: '', mute: '' });
  const [status, setStatus] = useState<ShortcutStatus[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    let live = true;
    host.desktop.getSettings().then((s) => {
      if (!live) return;
      setSaved(s);
      setAlwaysOnTop(s.alwaysOnTopOnIncoming);
      setDraft(draftFrom(s));
    }, () => undefined);
    host.desktop.shortcutStatus().then((s) => live && setStatus(s), () => undefined);
    const off = host.on('event:shortcut-status', (s) => setStatus(s));
    return () => {
      live = false;
      off();
    };
  }, [host, opened]);

  const changeLanguage = (locale: string) => {
    if (locale !== 'zh-CN' && locale !== 'en') return;
    void i18n.changeLanguage(locale);
    // Remembered for the next start (and main's own labels follow the config).
    host
      .getConfig()
      .then((config) => host.setConfig({ ...config, locale }))
      .catch((e: unknown) => console.warn('language not saved', e));
  };

  const next = saved ? settingsFrom(saved, alwaysOnTop, draft) : null;
  const save = async () => {
    if (!next) return;
    setBusy(true);
    try {
      const stored = await host.desktop.setSettings(next);
      setSaved(stored);
      setMessage({ ok: true, text: t('settings.saved') });
      setStatus(await host.desktop.shortcutStatus());
    } catch (e) {
      setMessage({ ok: false, text: t('settings.saveFailed', { message: e instanceof Error ? e.message : String(e) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={() => {
        // The next opening starts without the last save's message.
        setMessage(null);
        onClose();
      }}
      title={t('settings.title')} size="lg" data-testid="settings">
      <Stack>
        <Stack gap={4}>
          <Text fw={500} size="sm">
            {t('settings.language')}
          </Text>
          <SegmentedControl
            aria-label={t('settings.language')}
            value={i18n.language}
            onChange={changeLanguage}
            data={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
            w="fit-content"
          />
        </Stack>
        {!desktop && (
          <Alert color="gray" data-testid="settings-desktop-only">
            {t('settings.desktopOnly')}
          </Alert>
        )}
        <Switch label={t('settings.alwaysOnTop')} checked={alwaysOnTop} disabled={!desktop || !saved} onChange={(e) => setAlwaysOnTop(e.currentTarget.checked)} />
        <Title order={6}>{t('settings.globalShortcuts')}</Title>
        {SHORTCUT_ACTIONS.map((action) => {
          const problem = draftProblem(draft, action);
          const live = status.find((s) => s.action === action);
          // Main's verdict belongs to the saved binding; while edited, only the local check counts.
          const current = saved && (saved.shortcuts[action] ?? '') === draft[action].trim() ? live : undefined;
          const label = t(`settings.shortcutAction.${action}`);
          return (
            <Group key={action} align="flex-start" wrap="nowrap">
              <TextInput
                label={label}
                aria-label={label}
                placeholder={t('settings.shortcutPlaceholder')}
                value={draft[action]}
                disabled={!desktop || !saved}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setDraft((d) => ({ ...d, [action]: value }));
                }}
                error={problem ? (problem.kind === 'invalid' ? t('settings.shortcutInvalid') : t('settings.shortcutDuplicate', { other: t(`settings.shortcutAction.${problem.other}`) })) : undefined}
                data-testid={`settings-shortcut-${action}`}
                style={{ flex: 1 }}
              />
              {desktop && current && (
                <Badge mt={30} color={STATE_COLOR[current.state]} data-testid={`settings-shortcut-state-${action}`}>
                  {t(`settings.shortcutState.${current.state}`)}
                </Badge>
              )}
            </Group>
          );
        })}
        <Title order={6}>{t('settings.cacheTitle')}</Title>
        <CacheNotice host={host} always />
        {message && (
          <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button onClick={() => void save()} disabled={!desktop || !next} loading={busy}>
            {t('settings.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
