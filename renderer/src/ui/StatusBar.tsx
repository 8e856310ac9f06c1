import { Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from './format-time';
import type { SyncStatus } from '../sync/push-loop';

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

/** Always-visible sync truth: online or not, how much is pending and for how long, the last error. */
export function StatusBar({ sync }: { sync: SyncStatus | null }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!sync) return null;
  return (
    <Group gap="lg" px="md" py={4} data-testid="status-bar" data-pending={sync.pending} data-online={sync.online}>
      <Text size="xs" c={sync.online ? 'green' : 'red'}>
        ● {sync.online ? t('sync.online') : t('sync.offline')}
      </Text>
      <Text size="xs" data-testid="sync-pending">
        {sync.pending > 0 ? t('sync.pending', { count: sync.pending }) : t('sync.allSynced')}
        {sync.oldestPendingAt ? ` · ${t('sync.oldest', { age: age(now - sync.oldestPendingAt) })}` : ''}
      </Text>
      {sync.lastSyncAt && <Text size="xs">{t('sync.lastSync', { time: formatClock(sync.lastSyncAt, i18n.language) })}</Text>}
      {sync.refused > 0 && (
        <Text size="xs" c="red">
          {t('sync.refused', { count: sync.refused })}
        </Text>
      )}
      {sync.lastError && (
        <Text size="xs" c="red">
          {t('sync.lastError', { error: sync.lastError })}
        </Text>
      )}
    </Group>
  );
}
