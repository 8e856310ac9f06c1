import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HistoryRow } from '../../storage/history-search';
import { formatDateTime } from './format-date';

/** The results list: one keyboard-reachable button per row (Tab to it, Enter opens the summary). */
export function HistoryResults({ rows, selected, onSelect }: { rows: HistoryRow[]; selected: string | null; onSelect: (row: HistoryRow) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={2} data-testid="history-results">
      {rows.map((r) => (
        <UnstyledButton
          key={r.key}
          onClick={() => onSelect(r)}
          data-testid="history-result"
          data-key={r.key}
          data-origin={r.origin}
          aria-pressed={selected === r.key}
          p={4}
          style={{ borderRadius: 4, background: selected === r.key ? 'var(--mantine-color-blue-light)' : undefined }}
        >
          <Group justify="space-between" wrap="nowrap" gap={4}>
            <Stack gap={0}>
              <Text size="sm" fw={500}>
                {formatDateTime(r.at, i18n.language)} · {r.number ?? '—'}
                {r.direction ? ` · ${t(`callerHistory.search.direction.${r.direction}`)}` : ''}
              </Text>
              <Text size="xs" c="dimmed">
                {r.callType ? t(`case.callType.${r.callType}`) : t(`history.end.${r.endReason ?? 'live'}`)}
                {r.disposition ? ` · ${t(`case.disposition.${r.disposition}`)}` : ''}
                {r.caseNumber ? ` · ${r.caseNumber}` : ''}
              </Text>
            </Stack>
            <Group gap={4} wrap="nowrap">
              {r.status && (
                <Badge size="xs" color={r.status === 'final' ? 'green' : 'gray'}>
                  {t(`callerHistory.search.status.${r.status}`)}
                </Badge>
              )}
              {!r.caseId && (
                <Badge size="xs" color="gray" variant="outline">
                  {t('callerHistory.search.callOnly')}
                </Badge>
              )}
              {r.origin === 'server' && (
                <Badge size="xs" color="violet" data-testid="history-server-only">
                  {t('callerHistory.search.serverOnly')}
                </Badge>
              )}
            </Group>
          </Group>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
