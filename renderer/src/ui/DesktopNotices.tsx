import { Alert, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi } from '@shared/host-api';
import type { CredentialBackend } from '@shared/ipc/contract';
import type { ShortcutStatus } from '@shared/ipc/desktop';

/**
 * Degraded desktop states the call-taker should know about: secrets stored without real
 * encryption (Linux without a keyring) or not stored at all, and global shortcuts another
 * program holds. Nothing shows in a browser or when all is well.
 */
export function DesktopNotices({ host }: { host: HostApi }) {
  const { t } = useTranslation();
  const [backend, setBackend] = useState<CredentialBackend | null>(null);
  const [shortcuts, setShortcuts] = useState<ShortcutStatus[]>([]);
  useEffect(() => {
    if (host.kind !== 'electron') return;
    let live = true;
    host.credentials.backend().then((b) => live && setBackend(b), () => undefined);
    host.desktop.shortcutStatus().then((s) => live && setShortcuts(s), () => undefined);
    const off = host.on('event:shortcut-status', (s) => setShortcuts(s));
    return () => {
      live = false;
      off();
    };
  }, [host]);
  const problems = shortcuts.filter((s): s is ShortcutStatus & { state: 'conflict' | 'invalid' } => s.state === 'conflict' || s.state === 'invalid');
  if (backend !== 'plaintext-fallback' && backend !== 'memory' && problems.length === 0) return null;
  return (
    <Stack gap="xs" mb="sm" data-testid="desktop-notices">
      {backend === 'plaintext-fallback' && (
        <Alert color="orange" data-testid="credentials-degraded">
          {t('desktop.credentialsPlaintext')}
        </Alert>
      )}
      {backend === 'memory' && (
        <Alert color="orange" data-testid="credentials-degraded">
          {t('desktop.credentialsMemory')}
        </Alert>
      )}
      {problems.map((s) => (
        <Alert key={s.action} color="yellow" data-testid={`shortcut-problem-${s.action}`}>
          {t('desktop.shortcutProblem', { keys: s.accelerator, action: t(`desktop.shortcutAction.${s.action}`), reason: t(`desktop.shortcutReason.${s.state}`) })}
        </Alert>
      ))}
    </Stack>
  );
}
