import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SupervisedAgent, SupervisorBoard } from '@shared/schemas/supervisor';
import { clockTime, formatSpan, gradeColour } from './supervisor-format';

/** Name of an assignee from the board's agents; "unassigned" when none. */
export function assigneeName(agents: SupervisedAgent[], id: string | null, unassigned: string): string {
  if (id === null) return unassigned;
  return agents.find((a) => a.id === id)?.displayName ?? id.slice(0, 8);
}

/**
 * The overdue instructions, oldest first (the server's order), with their age and how long
 * past their grade's time they are, both against the server clock of the answer.
 */
export function OverdueList({ board }: { board: SupervisorBoard }) {
  const { t } = useTranslation();
  if (board.overdue.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="supervisor-overdue-empty">
        {t('supervisor.overdue.empty')}
      </Text>
    );
  }
  return (
    <>
      <Text size="xs" c="red" data-testid="supervisor-overdue-count">
        {t('supervisor.overdue.count', { count: board.overdueTotal })}
        {board.overdueTotal > board.overdue.length && t('supervisor.overdue.shown', { count: board.overdue.length })}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table striped withTableBorder data-testid="supervisor-overdue" aria-label={t('supervisor.overdue.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('supervisor.overdue.grade')}</Table.Th>
              <Table.Th>{t('supervisor.overdue.person')}</Table.Th>
              <Table.Th>{t('supervisor.overdue.state')}</Table.Th>
              <Table.Th>{t('supervisor.overdue.issued')}</Table.Th>
              <Table.Th>{t('supervisor.overdue.age')}</Table.Th>
              <Table.Th>{t('supervisor.overdue.late')}</Table.Th>
              <Table.Th>{t('supervisor.overdue.assignee')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {board.overdue.map((item) => (
              <Table.Tr key={item.id} data-testid="overdue-row" data-id={item.id}>
                <Table.Td>
                  <Badge color={gradeColour(board.grades, item.grade)} variant="filled" size="sm">
                    {t(`warnings.grade.${item.grade}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{item.personName}</Table.Td>
                <Table.Td>{t(`warnings.state.${item.state}`)}</Table.Td>
                <Table.Td>{clockTime(item.issuedAt)}</Table.Td>
                <Table.Td data-testid="overdue-age">{formatSpan(t, board.at - item.issuedAt)}</Table.Td>
                <Table.Td c="red">{formatSpan(t, board.at - item.overdueAt)}</Table.Td>
                <Table.Td data-testid="overdue-assignee">{assigneeName(board.agents, item.assigneeId, t('supervisor.reassign.unassigned'))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
