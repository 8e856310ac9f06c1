import { Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IsoDaySchema, type SupervisorWorkload } from '@shared/schemas/supervisor';
import { formatSpan } from './supervisor-format';
import { WarningCallsByHour } from './WarningCallsByHour';
import { WorkloadCharts } from './WorkloadCharts';

export interface WorkloadPanelProps {
  workload: SupervisorWorkload | null;
  /** The day asked for; null: today (the server's). */
  date: string | null;
  onDate(date: string | null): void;
}

/**
 * The day's workload per agent: the two charts and, under them, the same figures as a table
 * (the accessible form, and the one with instructions finished and current state).
 */
export function WorkloadPanel({ workload, date, onDate }: WorkloadPanelProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(date ?? '');
  const [dateError, setDateError] = useState<string | null>(null);
  const apply = (value: string) => {
    setDraft(value);
    if (value === '') {
      setDateError(null);
      onDate(null);
    } else if (IsoDaySchema.safeParse(value).success) {
      setDateError(null);
      onDate(value);
    } else setDateError(t('supervisor.workload.dateInvalid'));
  };
  const agents = workload?.agents ?? [];
  return (
    <Stack gap="xs" data-testid="supervisor-workload">
      <Group justify="space-between" align="end">
        <Text fw={600}>{date ? t('supervisor.workload.titleDay', { date }) : t('supervisor.workload.title')}</Text>
        <TextInput
          size="xs"
          type="date"
          label={t('supervisor.workload.date')}
          placeholder={t('supervisor.workload.today')}
          value={draft}
          error={dateError}
          onChange={(e) => apply(e.currentTarget.value)}
          data-testid="workload-date"
        />
      </Group>
      {agents.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('supervisor.workload.empty')}
        </Text>
      ) : (
        <>
          <WorkloadCharts agents={agents} />
          <Table striped withTableBorder data-testid="workload-table">
            <Table.Caption>{t('supervisor.workload.tableCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('supervisor.workload.agent')}</Table.Th>
                <Table.Th>{t('supervisor.workload.calls')}</Table.Th>
                <Table.Th>{t('supervisor.workload.talkTime')}</Table.Th>
                <Table.Th>{t('supervisor.workload.closed')}</Table.Th>
                <Table.Th>{t('supervisor.workload.dissuaded')}</Table.Th>
                <Table.Th>{t('supervisor.workload.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agents.map((a) => (
                <Table.Tr key={a.id} data-testid="workload-row" data-id={a.id}>
                  <Table.Th scope="row">{a.displayName}</Table.Th>
                  <Table.Td data-testid="workload-calls">{a.calls}</Table.Td>
                  <Table.Td data-testid="workload-talk">{formatSpan(t, a.talkMs)}</Table.Td>
                  <Table.Td data-testid="workload-closed">{a.instructionsClosed}</Table.Td>
                  <Table.Td>{a.dissuaded}</Table.Td>
                  <Table.Td>{t(`agentState.state.${a.state}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <WarningCallsByHour hours={workload?.warningCallsByHour} />
    </Stack>
  );
}
