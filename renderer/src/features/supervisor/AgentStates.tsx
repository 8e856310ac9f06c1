import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SupervisedAgent } from '@shared/schemas/supervisor';
import { formatSpan } from './supervisor-format';

const STATE_COLOUR: Record<SupervisedAgent['state'], string> = { ready: 'green', 'on-call': 'blue', 'after-call-work': 'yellow', 'not-ready': 'orange', offline: 'gray' };

/** Each agent's current state (and reason when not ready), with how long for, on the workstation's clock. */
export function AgentStates({ agents, now }: { agents: SupervisedAgent[]; now: number }) {
  const { t } = useTranslation();
  if (agents.length === 0) return <Text size="sm" c="dimmed">{t('supervisor.agents.empty')}</Text>;
  return (
    <Table withTableBorder data-testid="supervisor-agents" aria-label={t('supervisor.agents.title')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('supervisor.agents.name')}</Table.Th>
          <Table.Th>{t('supervisor.agents.state')}</Table.Th>
          <Table.Th>{t('supervisor.agents.since')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {agents.map((a) => (
          <Table.Tr key={a.id} data-testid="agent-row" data-id={a.id}>
            <Table.Td>{a.displayName}</Table.Td>
            <Table.Td>
              <Badge color={STATE_COLOUR[a.state]} variant="light" size="sm" data-testid="agent-state">
                {t(`agentState.state.${a.state}`)}
                {a.reason ? ` · ${t(`agentState.reason.${a.reason}`, { defaultValue: a.reason })}` : ''}
              </Badge>
            </Table.Td>
            <Table.Td>{a.since === null ? '—' : formatSpan(t, now - a.since)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
