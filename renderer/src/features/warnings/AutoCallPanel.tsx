import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { autoCallBadge, callNumber, escalationKey } from './auto-call-progress';
import type { QueueItem } from './queue-order';

export interface AutoCallPanelProps {
  item: QueueItem;
  /** The signed-in user (to say "you" hold it). */
  userId: string | null;
  pending: boolean;
  /** Takes the instruction over (null: this desk cannot). */
  takeOver: (() => Promise<boolean>) | null;
}

const SETTLED = new Set(['dissuaded', 'defrauded', 'refused', 'unreachable', 'feedback', 'evaluated', 'closed', 'void']);

/**
 * The automatic caller's work on the selected instruction (issue 19): progress (call n of m,
 * next call, last result), why it came to an agent, who holds it, and "take over" — one
 * button, reachable by Tab, that stops the automatic calls at once (the server decides; a
 * call in progress is hung up and recorded, nobody is called twice).
 */
export function AutoCallPanel({ item, userId, pending, takeOver }: AutoCallPanelProps) {
  const { t, i18n } = useTranslation();
  const auto = item.autoCall;
  if (!auto) return null;
  const badge = autoCallBadge(item);
  const last = auto.attempts.at(-1);
  const reason = escalationKey(auto.escalation);
  const time = (ms: number) => new Date(ms).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const holder = item.assigneeId === null ? t('autoCall.panel.holderNobody') : item.assigneeId === userId ? t('autoCall.panel.holderYou') : t('autoCall.panel.holderOther', { id: item.assigneeId.slice(0, 8) });
  const canTake = takeOver !== null && item.assigneeId === null && !SETTLED.has(item.state);
  return (
    <Stack gap={4} data-testid="auto-call-panel" data-status={auto.status} aria-label={t('autoCall.panel.title')} role="group">
      <Group gap={6}>
        <Text size="sm" fw={600}>
          {t('autoCall.panel.title')}
        </Text>
        {badge && (
          <Badge size="sm" color={badge.color} variant="light" data-testid="auto-call-status">
            {t(badge.key, badge.values)}
          </Badge>
        )}
      </Group>
      <Text size="xs" data-testid="auto-call-progress">
        {auto.maxAttempts ? t('autoCall.panel.progress', { n: callNumber(auto), m: auto.maxAttempts }) : null}
        {auto.nextAttemptAt && !auto.inCall ? ` · ${t('autoCall.panel.nextAt', { time: time(auto.nextAttemptAt) })}` : null}
        {' · '}
        {last ? t('autoCall.panel.lastResult', { result: t(`autoCall.outcome.${last.outcome}`) }) : t('autoCall.panel.none')}
      </Text>
      {reason && (
        <Text size="xs" c="orange.9" data-testid="auto-call-escalation">
          {t(reason)}
        </Text>
      )}
      <Group gap="xs" justify="space-between">
        <Text size="xs" data-testid="auto-call-holder">
          {t('autoCall.panel.holder', { name: holder })}
        </Text>
        {canTake && (
          <Button size="compact-xs" variant="filled" color="teal" loading={pending} onClick={() => void takeOver()} title={t('autoCall.panel.takeOverHint')} data-testid="auto-call-take-over">
            {t('autoCall.panel.takeOver')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
