import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WarningCallsHour } from '@shared/schemas/supervisor';

export interface WarningCallsByHourProps {
  /** The day's hours with warning calls (absent from older servers: nothing is shown). */
  hours: WarningCallsHour[] | undefined;
}

/**
 * Warning calls per hour of the day (issue 19): the automatic caller's calls and how they went
 * (pressed 1, pressed 2, answered without a key, not reached) beside the agents' call attempts.
 * A table: the accessible form, and small enough to read at a glance.
 */
export function WarningCallsByHour({ hours }: WarningCallsByHourProps) {
  const { t } = useTranslation();
  if (hours === undefined) return null;
  return (
    <Stack gap={4} data-testid="warning-calls-by-hour">
      <Text fw={600}>{t('autoCall.hourly.title')}</Text>
      {hours.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('autoCall.hourly.empty')}
        </Text>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('autoCall.hourly.hour')}</Table.Th>
              <Table.Th>{t('autoCall.hourly.autoCalls')}</Table.Th>
              <Table.Th>{t('autoCall.hourly.acknowledged')}</Table.Th>
              <Table.Th>{t('autoCall.hourly.callback')}</Table.Th>
              <Table.Th>{t('autoCall.hourly.answeredNoKey')}</Table.Th>
              <Table.Th>{t('autoCall.hourly.notReached')}</Table.Th>
              <Table.Th>{t('autoCall.hourly.agentCalls')}</Table.Th>
              <Table.Th>{t('autoCall.hourly.agentAnswered')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {hours.map((h) => (
              <Table.Tr key={h.hour} data-testid="warning-calls-hour" data-hour={h.hour}>
                <Table.Th scope="row">{`${String(h.hour).padStart(2, '0')}:00`}</Table.Th>
                <Table.Td data-testid="hour-auto-calls">{h.auto.calls}</Table.Td>
                <Table.Td>{h.auto.acknowledged}</Table.Td>
                <Table.Td>{h.auto.callback}</Table.Td>
                <Table.Td>{h.auto.answeredNoKey}</Table.Td>
                <Table.Td>{h.auto.notReached}</Table.Td>
                <Table.Td data-testid="hour-agent-calls">{h.agents.calls}</Table.Td>
                <Table.Td>{h.agents.answered}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
