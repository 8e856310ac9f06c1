import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { callProgress } from '../../softphone/call-progress';
import type { CallInfo } from '../../softphone/types';
import { useWorkstation } from '../../state/workstation-context';
import { CallerNumber } from './CallerNumber';
import { CallQualityBadge } from './CallQualityBadge';
import { DtmfPad } from './DtmfPad';
import { TransferBox } from './TransferBox';
import { CallTimer } from './CallTimer';

/** One live call with its actions; shortcuts are shown on the buttons. */
export function CallCard({
  call,
  onAnswer,
  onHangup,
  transferOpen,
  onToggleTransfer,
}: {
  call: CallInfo;
  onAnswer: () => void;
  onHangup: () => void;
  transferOpen: boolean;
  onToggleTransfer: (open?: boolean) => void;
}) {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const ringing = call.state === 'ringing';
  const active = call.state === 'active';
  const readQuality = useCallback(() => ws.callQuality(call.id), [ws, call.id]);
  useEffect(() => {
    // Painted: the benchmark measures INVITE arrival → ringing visible from this mark.
    // Only the latest mark is kept (the timeline would otherwise grow by one per call all shift).
    if (ringing)
      requestAnimationFrame(() => {
        performance.clearMarks('hd:ringing-visible');
        performance.mark('hd:ringing-visible', { detail: call.sipCallId });
      });
  }, [ringing, call.sipCallId]);
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
        {call.consultFor && (
          <Text size="xs" c="grape" data-testid="consult-note">
            {t('phone.consultFor')}
          </Text>
        )}
        {call.recovering && (
          <Alert color="orange" p={4} data-testid="call-recovering">
            {t('phone.recovering')}
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          {t('phone.dialed', { number: call.dialedNumber })}
          {call.answeredAt && (
            <>
              {' · '}
              <CallTimer since={call.answeredAt} />
            </>
          )}
        </Text>
        {active && call.remoteHeld && (
          <Alert color="blue" p={4} data-testid="remote-held">
            {t('phone.remoteHeld')}
          </Alert>
        )}
        {active && !call.held && <CallQualityBadge read={readQuality} />}
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
        {active && (
          <Group grow>
            <Button
              variant={call.held ? 'filled' : 'light'}
              loading={call.holdPending}
              onClick={() => void ws.setHold(call.id, !call.held).catch(() => undefined)}
              data-testid="hold"
              data-held={call.held}
            >
              {call.held ? t('phone.resume') : t('phone.hold')} ({t('shortcuts.hold')})
            </Button>
            <Button variant={call.muted ? 'filled' : 'light'} color="orange" onClick={() => ws.setMuted(call.id, !call.muted)} data-testid="mute" data-muted={call.muted}>
              {call.muted ? t('phone.unmute') : t('phone.mute')} ({t('shortcuts.mute')})
            </Button>
            {call.consultFor ? (
              <Button color="grape" onClick={() => void ws.completeTransfer(call.id).catch(() => undefined)} data-testid="complete-transfer">
                {t('phone.completeTransfer')} ({t('shortcuts.transfer')})
              </Button>
            ) : (
              <Button variant="light" color="grape" onClick={() => onToggleTransfer()} data-testid="transfer">
                {t('phone.transfer')} ({t('shortcuts.transfer')})
              </Button>
            )}
          </Group>
        )}
        {active && transferOpen && <TransferBox onTransfer={(target) => ws.transfer(call.id, target)} onConsult={(target) => ws.consult(call.id, target)} onClose={() => onToggleTransfer(false)} />}
        {active && <DtmfPad onDigit={(d) => void ws.sendDtmf(call.id, d).catch(() => undefined)} />}
      </Stack>
    </Paper>
  );
}
