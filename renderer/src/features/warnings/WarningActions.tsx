import { Button, Group, Kbd, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ATTEMPT_RESULTS, type AttemptResult, type WarningStep } from '@shared/schemas/warning';
import type { QueueItem } from './queue-order';

export interface WarningActionsProps {
  item: QueueItem;
  /** A server action for this item is in flight: nothing is shown as done until it answers. */
  pending: boolean;
  transition(body: WarningStep): Promise<boolean>;
  dial(number: string): void;
  recordResult(result: AttemptResult, number: string): void;
  /** The result the dialled call's SIP outcome suggests (attempt-from-call.ts): pre-selected, saved only by the agent. */
  suggested?: AttemptResult | null;
}

/** States from which the agent may start calling (the server decides; this only hides useless buttons). */
const CAN_CALL = new Set(['signed-for', 'sms-sent', 'visit-requested', 'relatives-contacted']);

/**
 * The selected instruction's next steps: sign for it, one-click dial (the server first
 * accepts "calling", then the softphone dials), and while calling, keys 1-7 record the
 * attempt's result; once the call is over, the result its SIP outcome suggests is pre-selected
 * and one click saves it (or a key records another).
 */
export function WarningActions({ item, pending, transition, dial, recordResult, suggested = null }: WarningActionsProps) {
  const { t } = useTranslation();
  const number = item.phones[0] ?? '';
  const calling = item.state === 'calling';

  const startCall = async () => {
    if (!calling && !(await transition({ action: 'call' }))) return;
    dial(number);
  };
  // Number keys outside text fields, only while the instruction is being called.
  useHotkeys(ATTEMPT_RESULTS.map((result, i) => [String(i + 1), () => calling && !pending && recordResult(result, number)]));

  return (
    <Stack gap="xs" data-testid="warning-actions">
      <Group gap="xs">
        {item.state === 'issued' && (
          <Button size="xs" onClick={() => void transition({ action: 'sign' })} loading={pending} data-testid="warning-sign">
            {t('warnings.sign')}
          </Button>
        )}
        {(calling || CAN_CALL.has(item.state)) && number && (
          <Button size="xs" color="green" onClick={() => void startCall()} loading={pending} data-testid="warning-dial">
            {t('warnings.dial', { number })}
          </Button>
        )}
      </Group>
      {calling && (
        <Stack gap={4} data-testid="warning-result-keys">
          <Text size="xs" fw={600}>
            {t('warnings.resultPrompt')}
          </Text>
          <Group gap={6}>
            {ATTEMPT_RESULTS.map((result, i) => (
              <Button key={result} size="compact-xs" variant={result === suggested ? 'filled' : 'default'} data-suggested={result === suggested || undefined} disabled={pending} onClick={() => recordResult(result, number)} data-testid={`warning-result-${result}`}>
                <Kbd size="xs" mr={4}>
                  {i + 1}
                </Kbd>
                {t(`warnings.result.${result}`)}
              </Button>
            ))}
          </Group>
          {suggested && (
            <Group gap={6} data-testid="warning-result-suggested" data-result={suggested}>
              <Text size="xs">{t('warnings.suggested', { result: t(`warnings.result.${suggested}`), key: ATTEMPT_RESULTS.indexOf(suggested) + 1 })}</Text>
              <Button size="compact-xs" disabled={pending} onClick={() => recordResult(suggested, number)} data-testid="warning-result-suggested-save">
                {t('warnings.suggestedSave')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  );
}
