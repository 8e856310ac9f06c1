import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../ui/format-time';
import { formatElapsed } from '../phone/long-call';

/**
 * When a note paragraph was logged: `+mm:ss` since the call was answered (what a supervisor
 * reading a long counselling call wants), the clock time as its tooltip. Both come from
 * stored times, so a reopened note reads the same. Without an answer time, the clock.
 */
export function SegmentTime({ createdAt, answeredAt }: { createdAt: number; answeredAt: number | null | undefined }) {
  const { t, i18n } = useTranslation();
  const clock = formatClock(createdAt, i18n.language);
  const offset = answeredAt == null ? null : createdAt < answeredAt ? t('caseExtra.note.beforeAnswer') : `+${formatElapsed(createdAt - answeredAt)}`;
  return (
    <Text span c="dimmed" size="xs" ff="monospace" title={t('caseExtra.note.clock', { time: clock })} data-testid="note-segment-time" data-clock={clock}>
      {offset ?? clock}{' '}
    </Text>
  );
}
