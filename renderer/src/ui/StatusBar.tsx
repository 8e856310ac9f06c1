import { Button, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDb } from '../storage/db';
import { useTableQuery } from '../state/use-table-query';
import type { SyncView } from '../sync/sync-engine';
import { DeadLettersDrawer } from './DeadLettersDrawer';
import { formatClock } from './format-time';

const DEAD_LETTERS = ['deadLetters'] as const;

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

const LIVE_COLOUR = { open: 'green', connecting: 'orange', off: 'gray' } as const;

/**
 * Always-visible sync truth: network and record store, live updates, how much is pending
 * and for how long, the last successful sync, the last error, and the refused changes
 * (a click opens them with the server's value and what can be done).
 */
export function StatusBar({ sync, db, onRetried }: { sync: SyncView | null; db?: DeskDb | null; onRetried?: () => void }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const [showRefused, setShowRefused] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  // Live from Dexie, so a retry or discard in the drawer shows at once (the push loop's count lags until its next run).
  const liveRefused = useTableQuery(db ?? null, DEAD_LETTERS, (open) => open.deadLetters.count(), [], null);
  if (!sync) return null;
  const refused = liveRefused ?? sync.refused;
  const connection = !sync.network ? t('sync.networkOffline') : sync.online ? t('sync.online') : t('sync.offline');
  return (
    <Group gap="lg" px="md" py={4} wrap="nowrap" data-testid="status-bar" data-pending={sync.pending} data-online={sync.online}>
      <Text size="xs" c={sync.online ? 'green' : 'red'} data-testid="sync-connection">
        ● {connection}
      </Text>
      <Text size="xs" c={LIVE_COLOUR[sync.liveUpdates]} data-testid="sync-live">
        {t(`sync.live.${sync.liveUpdates}`)}
      </Text>
      <Text size="xs" data-testid="sync-pending">
        {sync.pending > 0 ? t('sync.pending', { count: sync.pending }) : t('sync.allSynced')}
        {sync.pending > 0 && sync.oldestPendingAt ? ` · ${t('sync.oldest', { age: age(now - sync.oldestPendingAt) })}` : ''}
      </Text>
      {sync.resyncing && (
        <Text size="xs" c="orange" data-testid="sync-resyncing">
          {t('sync.resyncing')}
        </Text>
      )}
      {sync.lastSyncAt && (
        <Text size="xs" data-testid="sync-last">
          {t('sync.lastSync', { time: formatClock(sync.lastSyncAt, i18n.language) })}
        </Text>
      )}
      {refused > 0 && (
        <Button size="compact-xs" color="red" variant="light" onClick={() => setShowRefused(true)} data-testid="sync-refused">
          {t('sync.refused', { count: refused })}
        </Button>
      )}
      {sync.lastError && (
        <Text size="xs" c="red" data-testid="sync-error">
          {t('sync.lastError', { error: sync.lastError })}
          {sync.nextRetryAt && sync.nextRetryAt > now ? ` · ${t('sync.retryIn', { seconds: Math.ceil((sync.nextRetryAt - now) / 1000) })}` : ''}
        </Text>
      )}
      {db !== undefined && <DeadLettersDrawer db={db} opened={showRefused} onClose={() => setShowRefused(false)} onRetried={onRetried} />}
    </Group>
  );
}
