import { Button } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi } from '@shared/host-api';
import { SettingsModal } from './SettingsModal';
import { useDesktopTexts } from './use-desktop-texts';

/**
 * The header's settings button; Ctrl+, (Cmd+, on macOS) opens the screen from anywhere. Also
 * keeps main's notification words in the page's language while signed in.
 */
export function SettingsButton({ host }: { host: HostApi }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  useDesktopTexts(host);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key === ',') {
        e.preventDefault();
        setOpened(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <Button size="xs" variant="subtle" onClick={() => setOpened(true)} title={t('settings.shortcutHint')} data-testid="settings-open">
        {t('settings.open')}
      </Button>
      <SettingsModal host={host} opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}
