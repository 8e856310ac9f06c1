import { ActionIcon, Group, ScrollArea, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { normalizeNumber } from '@shared/phone/normalize';
import type { CallRecord } from '@shared/schemas/call-record';
import { useWorkstation, useWorkstationSnapshot } from '../../state/workstation-context';
import { formatClock } from '../../ui/format-time';
import { useClickToDial } from '../../state/use-click-to-dial';

function duration(r: CallRecord): string {
  if (!r.answeredAt || !r.endedAt) return '';
  const s = Math.max(0, Math.round((r.endedAt - r.answeredAt) / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The signed-in agent's recent calls, newest first, each one redialled with a click. The
 * database also holds colleagues' calls of the same unit (pulled for earlier-contact
 * history); those are not this agent's and are not listed here.
 */
export function CallHistory() {
  const { t, i18n } = useTranslation();
  const ws = useWorkstation();
  const snap = useWorkstationSnapshot();
  const dial = useClickToDial();
  const db = ws.database;
  const me = snap.user?.id;
  const records = useLiveQuery(
    () => (db && me ? db.callRecords.orderBy('startedAt').reverse().filter((r) => r.agentId === me).limit(50).toArray() : []),
    [db, me],
    [],
  );
  const live = new Set(snap.calls.map((c) => c.id));
  const done = records.filter((r) => !live.has(r.id));
  return (
    <Stack gap={4} data-testid="call-history">
      <Title order={5}>{t('history.title')}</Title>
      {done.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('history.empty')}
        </Text>
      )}
      <ScrollArea.Autosize mah={260}>
        {done.map((r) => (
          <Group key={r.id} justify="space-between" wrap="nowrap" py={2} data-testid="history-row" data-record-id={r.id}>
            <Stack gap={0}>
              <Text size="sm" fw={500} c={r.endReason === 'missed' ? 'red' : undefined}>
                {r.direction === 'inbound' ? '↙' : '↗'} {r.remoteNumber}
                {normalizeNumber(r.remoteNumber).overseas ? ` · ${t('history.overseas')}` : ''}
              </Text>
              <Text size="xs" c="dimmed">
                {formatClock(r.startedAt, i18n.language)} · {t(`history.end.${r.endReason ?? 'live'}`)} {duration(r)}
              </Text>
            </Stack>
            {r.remoteNumber !== 'anonymous' && (
              <Tooltip label={t('history.redial')}>
                <ActionIcon variant="light" aria-label={`${t('history.redial')} ${r.remoteNumber}`} onClick={() => dial(r.remoteNumber)} data-testid="redial">
                  ☎
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        ))}
      </ScrollArea.Autosize>
    </Stack>
  );
}
