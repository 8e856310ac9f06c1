import { ActionIcon, Group, ScrollArea, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeNumber } from '@shared/phone/normalize';
import type { CallRecord } from '@shared/schemas/call-record';
import { useWorkstation } from '../../state/workstation-context';
import { sameItems, useWorkstationSelector } from '../../state/use-workstation-selector';
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
 * Memoised (no props): the phone panel re-renders on every call event, and the list follows
 * its own subscriptions.
 */
export const CallHistory = memo(function CallHistory() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  // Only who is signed in and which calls are live: a sync tick or a ringing call does not
  // re-render the list (issue 17: its rows made every answer slower as the shift went on).
  const me = useWorkstationSelector((s) => s.user?.id);
  const liveIds = useWorkstationSelector((s) => s.calls.map((c) => c.id), sameItems);
  const dial = useClickToDial();
  const db = ws.database;
  const records = useLiveQuery(
    () => (db && me ? db.callRecords.orderBy('startedAt').reverse().filter((r) => r.agentId === me).limit(50).toArray() : []),
    [db, me],
    [],
  );
  const done = records.filter((r) => !liveIds.includes(r.id));
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
          <HistoryRow key={r.id} record={r} onDial={dial} />
        ))}
      </ScrollArea.Autosize>
    </Stack>
  );
});

/** What a row shows: a re-read record that shows the same is not rendered again. */
const sameRow = (a: { record: CallRecord; onDial: unknown }, b: { record: CallRecord; onDial: unknown }) =>
  a.onDial === b.onDial && a.record.id === b.record.id && a.record.remoteNumber === b.record.remoteNumber && a.record.endReason === b.record.endReason && a.record.startedAt === b.record.startedAt && a.record.answeredAt === b.record.answeredAt && a.record.endedAt === b.record.endedAt && a.record.direction === b.record.direction;

/** One finished call; memoised: the live query hands over new objects on every write to the table. */
const HistoryRow = memo(function HistoryRow({ record: r, onDial }: { record: CallRecord; onDial: (n: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Group justify="space-between" wrap="nowrap" py={2} data-testid="history-row" data-record-id={r.id}>
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
          <ActionIcon variant="light" aria-label={`${t('history.redial')} ${r.remoteNumber}`} onClick={() => onDial(r.remoteNumber)} data-testid="redial">
            ☎
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}, sameRow);
