import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HistoryRow } from '../../storage/history-search';
import { formatDateTime } from './format-date';

/** A case field's value in words: yes/no, lists joined, numbers and text as they are. */
function shown(value: unknown, t: TFunction): string {
  if (value === null || value === undefined || value === '') return t('callerHistory.search.summary.none');
  if (typeof value === 'boolean') return value ? t('callerHistory.search.summary.yes') : t('callerHistory.search.summary.no');
  if (Array.isArray(value)) return value.length === 0 ? t('callerHistory.search.summary.none') : value.map((v) => (typeof v === 'object' ? Object.values(v as object).filter((x) => x !== null).join(' ') : String(v))).join('、');
  return String(value);
}

/** Call facts shown in the header, not in the field table. */
const HEADER_FIELDS = new Set(['direction', 'dialedNumber', 'startedAt', 'answeredAt', 'endedAt']);

/** One history row's case, read-only: nothing here can change a case. */
export function CaseSummary({ row, onClose }: { row: HistoryRow; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const entries = Object.entries(row.fields).filter(([k, v]) => !HEADER_FIELDS.has(k) && v !== undefined);
  return (
    <Paper withBorder p="sm" data-testid="history-summary" data-case-id={row.caseId ?? ''}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Title order={6}>
            {t('callerHistory.search.summary.title')}
            {row.caseNumber ? ` · ${row.caseNumber}` : ''}
          </Title>
          <Button size="compact-xs" variant="subtle" onClick={onClose} data-testid="history-summary-close">
            {t('callerHistory.search.summary.close')}
          </Button>
        </Group>
        <Group gap={6}>
          {row.status && <Badge color={row.status === 'final' ? 'green' : 'gray'}>{t(`callerHistory.search.status.${row.status}`)}</Badge>}
          {row.origin === 'server' && <Badge color="violet">{t('callerHistory.search.serverOnly')}</Badge>}
          {!row.caseId && <Badge color="gray">{t('callerHistory.search.callOnly')}</Badge>}
        </Group>
        <Text size="sm">
          {formatDateTime(row.at, i18n.language)} · {row.number ?? '—'}
          {row.direction ? ` · ${t(`callerHistory.search.direction.${row.direction}`)}` : ''}
          {row.callType ? ` · ${t(`case.callType.${row.callType}`)}` : ''}
          {row.disposition ? ` · ${t(`case.disposition.${row.disposition}`)}` : ''}
          {row.fraudType ? ` · ${t(`case.fraudType.${row.fraudType}`)}` : ''}
        </Text>
        {row.idNumberMasked && <Text size="xs">{t('callerHistory.search.idLinked', { id: row.idNumberMasked })}</Text>}
        {entries.length > 0 && (
          <Table withRowBorders={false} verticalSpacing={2} data-testid="history-summary-fields">
            <Table.Tbody>
              {entries.map(([key, value]) => (
                <Table.Tr key={key}>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {t(`case.field.${key}`, { defaultValue: key })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                      {shown(value, t)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
