import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OUTCOME_STATES, WORKING_STATES, type WarningState, type WarningStep } from '@shared/schemas/warning';
import type { QueueItem } from './queue-order';

const WORKING = new Set<WarningState>(WORKING_STATES);
const OUTCOMES = new Set<WarningState>(OUTCOME_STATES);
/** Where "relatives contacted" is offered (the server has the final word). */
const RELATIVES_FROM = new Set<WarningState>(['sms-sent', 'calling', 'visit-requested']);

export interface WarningNextStepsProps {
  item: QueueItem;
  pending: boolean;
  transition(body: WarningStep): Promise<boolean>;
}

/**
 * The steps after the first contact: relatives contacted, the outcome, and the feedback the
 * city needs before closing. A step shows as done only when the list row changes with the
 * server's answer; the feedback text is kept until the server accepted it.
 */
export function WarningNextSteps({ item, pending, transition }: WarningNextStepsProps) {
  const { t } = useTranslation();
  const [feedback, setFeedback] = useState('');
  const [feedbackError, setFeedbackError] = useState<string | null>(null);

  const sendFeedback = async () => {
    if (!feedback.trim()) return setFeedbackError(t('warnings.feedbackRequired'));
    setFeedbackError(null);
    if (await transition({ action: 'feedback', feedback: feedback.trim() })) setFeedback('');
  };

  if (WORKING.has(item.state)) {
    return (
      <Group gap={6} data-testid="warning-next-steps">
        {RELATIVES_FROM.has(item.state) && (
          <Button size="compact-xs" variant="light" disabled={pending} onClick={() => void transition({ action: 'relatives-contacted' })} data-testid="warning-relatives">
            {t('warnings.state.relatives-contacted')}
          </Button>
        )}
        {OUTCOME_STATES.map((outcome) => (
          <Button key={outcome} size="compact-xs" variant="outline" disabled={pending} onClick={() => void transition({ action: 'outcome', outcome })} data-testid={`warning-outcome-${outcome}`}>
            {t(`warnings.state.${outcome}`)}
          </Button>
        ))}
      </Group>
    );
  }
  if (OUTCOMES.has(item.state)) {
    return (
      <Stack gap={4} data-testid="warning-next-steps">
        <TextInput
          size="xs"
          label={t('warnings.feedbackLabel')}
          value={feedback}
          onChange={(e) => setFeedback(e.currentTarget.value)}
          error={feedbackError}
          maxLength={2000}
          data-testid="warning-feedback"
        />
        <Button size="compact-xs" disabled={pending} onClick={() => void sendFeedback()} data-testid="warning-feedback-send">
          {t('warnings.feedbackSend')}
        </Button>
      </Stack>
    );
  }
  return null;
}
