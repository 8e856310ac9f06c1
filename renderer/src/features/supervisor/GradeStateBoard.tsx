import { Box, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { WARNING_GRADES, WARNING_STATES, type WarningGrade, type WarningState } from '@shared/schemas/warning';
import type { SupervisorBoard } from '@shared/schemas/supervisor';
import { gradeColour } from './supervisor-format';

/**
 * Open instructions as a grade × state table: one row per grade (in its colour), one column
 * per state that has any, and the totals. Counts are the server's, complete for the subtree.
 */
export function GradeStateBoard({ board }: { board: SupervisorBoard }) {
  const { t } = useTranslation();
  const states = WARNING_STATES.filter((s) => board.counts.some((c) => c.state === s));
  const grades = WARNING_GRADES.filter((g) => board.grades.some((s) => s.grade === g) || board.counts.some((c) => c.grade === g));
  const cell = (grade: WarningGrade, state: WarningState) => board.counts.find((c) => c.grade === grade && c.state === state)?.count ?? 0;
  const rowTotal = (grade: WarningGrade) => board.counts.filter((c) => c.grade === grade).reduce((n, c) => n + c.count, 0);
  const colTotal = (state: WarningState) => board.counts.filter((c) => c.state === state).reduce((n, c) => n + c.count, 0);
  if (board.openTotal === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="supervisor-board-empty">
        {t('supervisor.board.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped withTableBorder withColumnBorders data-testid="supervisor-board" aria-label={t('supervisor.board.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisor.board.grade')}</Table.Th>
            {states.map((s) => (
              <Table.Th key={s}>{t(`warnings.state.${s}`)}</Table.Th>
            ))}
            <Table.Th>{t('supervisor.board.total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {grades.map((g) => (
            <Table.Tr key={g} data-grade={g}>
              <Table.Th scope="row" style={{ borderLeft: `6px solid ${gradeColour(board.grades, g)}` }}>
                <Box component="span" c={gradeColour(board.grades, g)} fw={700}>
                  {t(`warnings.grade.${g}`)}
                </Box>
              </Table.Th>
              {states.map((s) => (
                <Table.Td key={s} data-testid={`board-cell-${g}-${s}`} fw={cell(g, s) > 0 ? 700 : undefined} c={cell(g, s) > 0 ? undefined : 'dimmed'}>
                  {cell(g, s)}
                </Table.Td>
              ))}
              <Table.Td fw={700}>{rowTotal(g)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row">{t('supervisor.board.total')}</Table.Th>
            {states.map((s) => (
              <Table.Th key={s}>{colTotal(s)}</Table.Th>
            ))}
            <Table.Th data-testid="board-total">{board.openTotal}</Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
