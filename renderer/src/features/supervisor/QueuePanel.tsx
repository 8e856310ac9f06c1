import { Alert, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupervisedAgent } from '@shared/schemas/supervisor';
import { AgentsByState } from './AgentsByState';
import { CallsPerHourChart } from './CallsPerHourChart';
import { clockSpan, clockTime } from './supervisor-format';
import { useQueueFigures, type QueueFiguresApi } from './use-queue-figures';

/** How often the longest wait and the times in state move on between reads. */
const TICK_MS = 1_000;

export interface QueuePanelProps {
  api: QueueFiguresApi;
  /** Agents and their states (from the supervisor board, re-read after each sync pull). */
  agents: SupervisedAgent[];
  clock?: () => number;
}

function Figure({ label, value, testId, alert = false }: { label: string; value: string; testId: string; alert?: boolean }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} c={alert ? 'red' : undefined} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

/**
 * The live 96110 queue of 班长视图 (issue 16): callers waiting now and the longest wait
 * (ticking between reads), service level and abandoned calls today, open call-backs, agents
 * by state with time in state, and today's calls per hour. Read every 1.5 s while visible.
 */
export function QueuePanel({ api, agents, clock = Date.now }: QueuePanelProps) {
  const { t } = useTranslation();
  const { figures, receivedAt, error } = useQueueFigures(api, clock);
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), TICK_MS);
    return () => clearInterval(timer);
  }, [clock]);

  const longest = figures && figures.waitingNow > 0 ? figures.longestWaitMs + Math.max(0, now - (receivedAt ?? now)) : 0;
  const none = t('supervisor.queue.none');
  return (
    <Paper withBorder p="sm" data-testid="queue-panel">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('supervisor.queue.title')}</Text>
        {receivedAt !== null && (
          <Text size="xs" c="dimmed" data-testid="queue-updated">
            {t('supervisor.lastUpdated', { time: clockTime(receivedAt) })}
          </Text>
        )}
      </Group>
      {error && (
        <Alert color="orange" p="xs" mb="xs" data-testid="queue-error">
          {error.kind === 'unreachable' ? t('supervisor.queue.unreachable') : t('supervisor.queue.failed', { message: error.message })}
        </Alert>
      )}
      {figures === null ? (
        !error && (
          <Text size="sm" c="dimmed">
            {t('supervisor.queue.loading')}
          </Text>
        )
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 3, sm: 6 }} spacing="xs">
            <Figure label={t('supervisor.queue.waiting')} value={String(figures.waitingNow)} testId="queue-waiting" alert={figures.waitingNow > 0} />
            <Figure label={t('supervisor.queue.longest')} value={figures.waitingNow > 0 ? clockSpan(longest) : none} testId="queue-longest" alert={longest >= 20_000} />
            <Figure label={t('supervisor.queue.serviceLevel')} value={figures.serviceLevel === null ? none : `${Math.round(figures.serviceLevel * 100)}%`} testId="queue-service-level" />
            <Figure label={t('supervisor.queue.answered')} value={String(figures.answeredToday)} testId="queue-answered" />
            <Figure label={t('supervisor.queue.abandoned')} value={String(figures.abandonedToday)} testId="queue-abandoned" />
            <Figure label={t('supervisor.queue.callbacks')} value={String(figures.openCallbacks)} testId="queue-callbacks" />
          </SimpleGrid>
          <Text size="xs" fw={600}>
            {t('supervisor.queue.byState')}
          </Text>
          <AgentsByState agents={agents} now={now} />
          <CallsPerHourChart callsPerHour={figures.callsPerHour} />
        </Stack>
      )}
    </Paper>
  );
}
