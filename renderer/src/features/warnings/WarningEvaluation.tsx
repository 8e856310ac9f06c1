import { Button, Group, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EvaluationSchema, type WarningStep } from '@shared/schemas/warning';
import type { QueueItem } from './queue-order';
import { GrowingTextarea } from '../../ui/GrowingTextarea';

type Rating = ReturnType<typeof EvaluationSchema.parse>['rating'];
const RATINGS = EvaluationSchema.shape.rating.options;

export interface WarningEvaluationProps {
  item: QueueItem;
  pending: boolean;
  /** The signed-in user may evaluate (a city supervisor; the server has the final word). */
  canEvaluate: boolean;
  transition(body: WarningStep): Promise<boolean>;
}

/**
 * The city centre's evaluation of how an instruction was handled: 好 / 一般 / 差 (chosen, never
 * assumed) with a comment, once feedback is in; afterwards, the evaluation given.
 */
export function WarningEvaluation({ item, pending, canEvaluate, transition }: WarningEvaluationProps) {
  const { t } = useTranslation();
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [ratingError, setRatingError] = useState<string | null>(null);

  if (item.evaluation) {
    return (
      <Text size="xs" data-testid="warning-evaluation-given">
        {t('warnings.evaluation.given', { rating: t(`warnings.evaluation.ratings.${item.evaluation.rating}`) })}
        {item.evaluation.comment ? ` · ${item.evaluation.comment}` : ''}
      </Text>
    );
  }
  if (item.state !== 'feedback' || !canEvaluate) return null;

  const send = async () => {
    if (!rating) return setRatingError(t('warnings.evaluation.ratingRequired'));
    setRatingError(null);
    await transition({ action: 'evaluate', evaluation: { rating, comment: comment.trim() } });
  };

  return (
    <Stack gap={4} data-testid="warning-evaluation">
      <Radio.Group size="xs" label={t('warnings.evaluation.rating')} value={rating} onChange={(v) => setRating(v as Rating)} error={ratingError} data-testid="warning-evaluation-rating">
        <Group gap="sm" mt={4}>
          {RATINGS.map((r) => (
            <Radio key={r} value={r} label={t(`warnings.evaluation.ratings.${r}`)} data-testid={`warning-evaluation-${r}`} />
          ))}
        </Group>
      </Radio.Group>
      <GrowingTextarea size="xs" label={t('warnings.evaluation.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={500} minRows={1} data-testid="warning-evaluation-comment" />
      <Button size="compact-xs" disabled={pending} onClick={() => void send()} data-testid="warning-evaluate">
        {t('warnings.evaluate')}
      </Button>
    </Stack>
  );
}
