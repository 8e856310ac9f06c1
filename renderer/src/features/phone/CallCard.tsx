import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { callProgress } from '../../softphone/call-progress';
import type { CallInfo } from '../../softphone/types';
import { CallerNumber } from './CallerNumber';
import { CallTimer } from './CallTimer';

/** One live call with its actions; shortcuts are shown on the buttons. */
export function CallCard({ call, onAnswer, onHangup }: { call: CallInfo; onAnswer: () => void; onHangup: () => void }) {
  const { t } = useTranslation();
  const ringing = call.state === 'ringing';
  return (
    <Paper withBorder p="sm" data-testid="call-card" data-call-id={call.id} data-state={call.state} bg={ringing ? 'yellow.0' : undefined}>
      <Stack gap={4}>
        <Group justify="space-between">
          <Badge variant="outline">{call.direction === 'inbound' ? t('phone.incoming') : t('phone.outgoing')}</Badge>
          <Text size="sm" c="dimmed" data-testid="call-state">
            {call.direction === 'outbound' ? t(`phone.progress.${callProgress(call)}`) : t(`phone.state.${call.state}`)}
          </Text>
        </Group>
        <CallerNumber raw={call.remoteNumber} />
        <Text size="xs" c="dimmed">
          {t('phone.dialed', { number: call.dialedNumber })}
          {call.answeredAt && (
            <>
              {' · '}
              <CallTimer since={call.answeredAt} />
            </>
          )}
        </Text>
        <Group grow>
          {ringing && call.direction === 'inbound' && (
            <Button color="green" onClick={onAnswer} data-testid="answer" title={t('shortcuts.answer')}>
              {t('phone.answer')} ({t('shortcuts.answer')})
            </Button>
          )}
          <Button color="red" onClick={onHangup} data-testid="hangup" title={t('shortcuts.hangup')}>
            {ringing ? t('phone.decline') : t('phone.hangup')} ({t('shortcuts.hangup')})
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
