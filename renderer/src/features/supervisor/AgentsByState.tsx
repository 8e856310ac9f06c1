import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SupervisedAgent } from '@shared/schemas/supervisor';
import { clockSpan } from './supervisor-format';

/** The states in the order a supervisor reads them: who can take a call first. */
const STATES: Array<{ state: SupervisedAgent['state']; colour: string }> = [
  { state: 'ready', colour: 'green' },
  { state: 'not-ready', colour: 'orange' },
  { state: 'after-call-work', colour: 'yellow' },
  { state: 'on-call', colour: 'blue' },
  { state: 'offline', colour: 'gray' },
];

/**
 * Agents grouped by state (就绪 / 未就绪 / 话后处理 / 通话中 / 离线), each with a count and,
 * per agent, the time in that state ("M:SS", longest first) on the workstation's clock.
 */
export function AgentsByState({ agents, now }: { agents: SupervisedAgent[]; now: number }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" data-testid="queue-agents" aria-label={t('supervisor.queue.byState')}>
      {STATES.map(({ state, colour }) => {
        const inState = agents.filter((a) => a.state === state).sort((a, b) => (a.since ?? now) - (b.since ?? now));
        return (
          <Stack key={state} gap={4} data-testid={`queue-state-${state}`}>
            <Group gap={6} wrap="nowrap">
              <Badge color={colour} variant="light" size="sm">
                {t(`agentState.state.${state}`)}
              </Badge>
              <Text size="sm" fw={600} data-testid="queue-state-count">
                {t('supervisor.queue.stateCount', { count: inState.length })}
              </Text>
            </Group>
            {inState.map((a) => (
              <Group key={a.id} gap={6} justify="space-between" wrap="nowrap" data-testid="queue-agent" data-id={a.id}>
                <Text size="xs" truncate>
                  {a.displayName}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" data-testid="queue-agent-time">
                  {a.since === null ? '—' : clockSpan(now - a.since)}
                </Text>
              </Group>
            ))}
          </Stack>
        );
      })}
    </SimpleGrid>
  );
}
