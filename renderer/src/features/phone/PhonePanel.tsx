import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkstation } from '../../state/workstation-context';
import { useDeskView } from '../../state/use-workstation-selector';
import { CallHistory } from '../history';
import { CallCard } from './CallCard';
import { RegistrationBadge } from './RegistrationBadge';
import { AudioDevicesControl } from '../audio/AudioDevicesControl';
import { DtmfPad } from './DtmfPad';

const NUMBER = /^\+?[0-9*#]{1,32}$/;

/** The softphone: line state, dial box, live calls. Keyboard first: Alt+A answers, Alt+H hangs up, Alt+D dials. */
export function PhonePanel() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const snap = useDeskView();
  const [number, setNumber] = useState('');
  const [dialError, setDialError] = useState<string | null>(null);
  const [transferFor, setTransferFor] = useState<string | null>(null);
  const dialRef = useRef<HTMLInputElement>(null);
  const [keypadOpen, setKeypadOpen] = useState(false);

  const ringing = snap.calls.find((c) => c.state === 'ringing' && c.direction === 'inbound');
  const current = snap.calls[snap.calls.length - 1];
  useHotkeys(
    [
      ['alt+A', () => ringing && void ws.answer(ringing.id)],
      ['alt+H', () => current && void ws.hangup(current.id)],
      ['alt+D', () => dialRef.current?.focus()],
      ['alt+K', () => current?.state === 'active' && void ws.setHold(current.id, !current.held).catch(() => undefined)],
      ['alt+M', () => current?.state === 'active' && ws.setMuted(current.id, !current.muted)],
      [
        'alt+T',
        () => {
          if (current?.state !== 'active') return;
          // On a consultation call the same key completes the attended transfer.
          if (current.consultFor) void ws.completeTransfer(current.id).catch(() => undefined);
          else setTransferFor((open) => (open === current.id ? null : current.id));
        },
      ],
    ],
    [],
  );

  const dial = () => {
    const value = number.trim();
    if (!NUMBER.test(value)) {
      setDialError(t('phone.invalidNumber'));
      return;
    }
    setDialError(null);
    ws.dial(value).then(
      () => setNumber(''),
      (e: unknown) => setDialError(String(e instanceof Error ? e.message : e)),
    );
  };

  return (
    <Paper withBorder p="md" h="100%">
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t('phone.title')}</Title>
          <RegistrationBadge status={snap.registration} />
        </Group>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {snap.user?.sipExtension && t('phone.extension', { ext: snap.user.sipExtension })}
          </Text>
          <AudioDevicesControl />
        </Group>
        <Group align="flex-start" wrap="nowrap">
          <TextInput
            ref={dialRef}
            flex={1}
            placeholder={t('phone.dialPlaceholder')}
            aria-label={t('phone.dialPlaceholder')}
            value={number}
            error={dialError}
            onChange={(e) => setNumber(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && dial()}
            data-testid="dial-input"
          />
          <Button onClick={dial} disabled={snap.registration.state !== 'registered'}>
            {t('phone.dial')}
          </Button>
          <Button variant="default" onClick={() => setKeypadOpen((open) => !open)} aria-expanded={keypadOpen} data-testid="dialpad-toggle">
            {t('phone.keypad')}
          </Button>
        </Group>
        {keypadOpen && <DtmfPad testId="dialpad" label={t('phone.keypad')} onDigit={(digit) => setNumber((typed) => typed + digit)} />}
        {snap.calls.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('phone.noCalls')}
          </Text>
        )}
        {snap.calls.map((call) => (
          <CallCard
            key={call.id}
            call={call}
            onAnswer={() => void ws.answer(call.id)}
            onHangup={() => void ws.hangup(call.id)}
            transferOpen={transferFor === call.id}
            onToggleTransfer={(open) => setTransferFor((cur) => ((open ?? cur !== call.id) ? call.id : null))}
          />
        ))}
        <CallHistory />
      </Stack>
    </Paper>
  );
}
