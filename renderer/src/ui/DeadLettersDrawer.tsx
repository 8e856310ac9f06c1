import { Alert, Badge, Button, Card, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadLetter, DeskDb } from '../storage/db';
import { discardDeadLetter, retryDeadLetter } from '../storage/dead-letters';
import { useTableQuery } from '../state/use-table-query';
import { formatClock } from './format-time';

const DEAD_LETTERS = ['deadLetters'] as const;
const NO_LETTERS: DeadLetter[] = [];

const KNOWN_REASONS = ['conflict', 'forbidden', 'not-found', 'invalid'];
const KNOWN_KINDS = ['callRecord.upsert', 'noteSegment.append'];

/** Field rows of a value; a field that differs from `other` is marked so the person sees what clashed. */
function ValueTable({ value, other, testId }: { value: unknown; other: unknown; testId: string }) {
  if (value === null || typeof value !== 'object') {
    return (
      <Text size="sm" data-testid={testId}>
        {JSON.stringify(value)}
      </Text>
    );
  }
  const otherFields = other && typeof other === 'object' ? (other as Record<string, unknown>) : null;
  return (
    <Table withRowBorders={false} verticalSpacing={2} data-testid={testId}>
      <Table.Tbody>
        {Object.entries(value as Record<string, unknown>).map(([field, v]) => {
          const differs = otherFields !== null && JSON.stringify(otherFields[field]) !== JSON.stringify(v);
          return (
            <Table.Tr key={field} data-differs={differs || undefined}>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {field}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" fw={differs ? 700 : undefined} c={differs ? 'red' : undefined}>
                  {typeof v === 'string' ? v : JSON.stringify(v)}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function DeadLetterCard({ db, letter, onRetried }: { db: DeskDb; letter: DeadLetter; onRetried?: () => void }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const { mutation, result } = letter;
  const reason = KNOWN_REASONS.includes(result.reason) ? t(`sync.deadLetters.reason.${result.reason}`) : t('sync.deadLetters.reason.other', { reason: result.reason });
  const kind = KNOWN_KINDS.includes(mutation.name) ? t(`sync.deadLetters.kind.${mutation.name}`) : t('sync.deadLetters.kind.other', { name: mutation.name });
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="sm" data-testid="dead-letter" data-mutation-id={letter.mutationId}>
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          {kind}
        </Text>
        <Badge color="red" variant="light">
          {reason}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t('sync.deadLetters.refusedAt', { time: formatClock(letter.at, i18n.language) })} · {result.message}
      </Text>
      <Text size="xs" fw={600}>
        {t('sync.deadLetters.yourChange')}
      </Text>
      <ValueTable value={mutation.args} other={result.current} testId="dead-letter-mine" />
      <Text size="xs" fw={600} mt="xs">
        {t('sync.deadLetters.serverValue')}
      </Text>
      {result.current === undefined ? (
        <Text size="xs" c="dimmed">
          {t('sync.deadLetters.noServerValue')}
        </Text>
      ) : (
        <ValueTable value={result.current} other={mutation.args} testId="dead-letter-server" />
      )}
      {confirming ? (
        <Alert color="red" mt="sm" p="xs">
          <Text size="sm">{t('sync.deadLetters.confirmDiscard')}</Text>
          <Group mt="xs" gap="xs">
            <Button size="xs" color="red" loading={busy} onClick={() => void act(() => discardDeadLetter(db, letter.mutationId))}>
              {t('sync.deadLetters.confirm')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
              {t('sync.deadLetters.cancel')}
            </Button>
          </Group>
        </Alert>
      ) : (
        <Group mt="sm" gap="xs">
          <Button size="xs" loading={busy} onClick={() => void act(async () => (await retryDeadLetter(db, letter.mutationId), onRetried?.()))}>
            {t('sync.deadLetters.retry')}
          </Button>
          <Button size="xs" variant="default" color="red" onClick={() => setConfirming(true)}>
            {t('sync.deadLetters.discard')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

/**
 * Changes the record store refused, each with the server's current value and what the
 * person can do about it (send again, or discard after a confirmation). Nothing refused
 * disappears without someone deciding.
 */
export function DeadLettersDrawer({
  db,
  opened,
  onClose,
  onRetried,
}: {
  db: DeskDb | null;
  opened: boolean;
  onClose: () => void;
  /** After a change went back into the outbox (e.g. to push at once). */
  onRetried?: () => void;
}) {
  const { t } = useTranslation();
  const letters = useTableQuery(db, DEAD_LETTERS, (open) => open.deadLetters.orderBy('at').toArray(), [], NO_LETTERS);
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={t('sync.deadLetters.title')} closeButtonProps={{ 'aria-label': t('sync.deadLetters.close') }}>
      <Stack gap="sm" data-testid="dead-letters">
        <Text size="sm">{letters.length > 0 ? t('sync.deadLetters.intro') : t('sync.deadLetters.empty')}</Text>
        {db &&
          letters.map((letter) => (
            <DeadLetterCard key={letter.mutationId} db={db} letter={letter} onRetried={onRetried} />
          ))}
      </Stack>
    </Drawer>
  );
}
