import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalFollowUp } from '../../storage/db';
import { formatDue } from './due-presets';

export interface FollowUpActions {
  dial(number: string): void;
  complete(id: string, state: 'done' | 'cancelled'): void;
  remove(id: string): void;
}

/** One open follow-up: due time (red when overdue), the number to click-to-dial, the note, and its actions. */
export function FollowUpItem({ item, now, actions }: { item: LocalFollowUp; now: number; actions: FollowUpActions }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const overdue = item.dueAt <= now;
  return (
    <Paper withBorder p="xs" data-testid="follow-up-item" data-overdue={overdue} style={overdue ? { borderColor: 'var(--mantine-color-red-6)', background: 'var(--mantine-color-red-0)' } : undefined}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600} c={overdue ? 'red.8' : undefined}>
            {t('followUps.dueAt', { time: formatDue(item.dueAt, now, i18n.language) })}
          </Text>
          {overdue && (
            <Badge color="red" size="sm">
              {t('followUps.overdue')}
            </Badge>
          )}
        </Group>
        {item.callerNumber ? (
          <Anchor component="button" type="button" size="sm" onClick={() => actions.dial(item.callerNumber as string)} aria-label={t('followUps.dial', { number: item.callerNumber })} data-testid="follow-up-dial">
            {item.callerNumber}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            {t('followUps.noNumber')}
          </Text>
        )}
        {item.note && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {item.note}
          </Text>
        )}
        <Group gap="xs">
          <Button size="compact-xs" onClick={() => actions.complete(item.id, 'done')}>
            {t('followUps.done')}
          </Button>
          <Button size="compact-xs" variant="default" onClick={() => actions.complete(item.id, 'cancelled')}>
            {t('followUps.cancel')}
          </Button>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirming(true)}>
            {t('followUps.delete')}
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('followUps.deleteConfirmTitle')} size="sm">
        <Stack>
          <Text size="sm">{t('followUps.deleteConfirmBody')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('followUps.keep')}
            </Button>
            <Button
              color="red"
              data-testid="follow-up-delete-confirm"
              onClick={() => {
                setConfirming(false);
                actions.remove(item.id);
              }}
            >
              {t('followUps.deleteConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
