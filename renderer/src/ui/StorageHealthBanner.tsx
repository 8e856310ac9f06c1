import { Alert, Button, Group, Text } from '@mantine/core';
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorageHealthMonitor } from '../storage/storage-health';

const mb = (bytes: number | null) => (bytes === null ? '?' : (bytes / 1024 / 1024).toFixed(0));

/**
 * A failed local write blocks the top of the screen until a test write succeeds: the agent
 * must know that what they type now may not be kept. Near-full storage is a warning.
 */
export function StorageHealthBanner({ monitor, probe }: { monitor: StorageHealthMonitor; probe: () => Promise<void> }) {
  const { t } = useTranslation();
  const health = useSyncExternalStore(monitor.subscribe, monitor.getSnapshot);
  const [busy, setBusy] = useState(false);
  const sizes = { usage: mb(health.usage), quota: mb(health.quota) };
  if (health.problem) {
    return (
      <Alert color="red" variant="filled" title={t(`storage.${health.problem}.title`)} data-testid="storage-blocked" role="alert" mb="sm">
        <Text size="sm">{t(`storage.${health.problem}.body`, sizes)}</Text>
        {health.detail && (
          <Text size="xs" opacity={0.8}>
            {health.detail}
          </Text>
        )}
        <Group mt="xs">
          <Button
            size="xs"
            variant="white"
            color="red"
            loading={busy}
            onClick={() => {
              setBusy(true);
              void monitor.retry(probe).finally(() => setBusy(false));
            }}
            data-testid="storage-retry"
          >
            {t('storage.retry')}
          </Button>
        </Group>
      </Alert>
    );
  }
  if (health.nearlyFull || health.persisted === false) {
    return (
      <Alert color="yellow" data-testid="storage-warning" mb="sm" p="xs">
        {health.nearlyFull ? t('storage.nearlyFull', sizes) : t('storage.notPersisted')}
      </Alert>
    );
  }
  return null;
}
