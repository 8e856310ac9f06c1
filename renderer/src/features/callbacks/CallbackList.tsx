import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenCallback } from '@shared/schemas/callback';
import type { CallInfo } from '../../softphone/types';
import { useWorkstationSelector } from '../../state/use-workstation-selector';
import type { WorkstationSnapshot } from '../../state/workstation';
import { useWorkstation } from '../../state/workstation-context';

const callsOf = (s: WorkstationSnapshot) => s.calls;

/** How often the list is refreshed (it is small; the record store derives it per request). */
const REFRESH_MS = 5000;

/**
 * 未接来电回拨: callers who gave up in the queue or while ringing, grouped by number with
 * their wait and an overseas flag. One click calls back through the normal outbound path;
 * when that call ends its result (reached or not) is recorded, and a reached number leaves
 * the list. Calling back is offered while the agent is ready.
 */
export function CallbackList() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  // The calls only: sync ticks do not re-render the list.
  const calls = useWorkstationSelector(callsOf);
  const agent = useSyncExternalStore(ws.agentState.subscribe, ws.agentState.getSnapshot);
  const [items, setItems] = useState<OpenCallback[]>([]);
  /** The call-back in progress: its number and the last state seen of its call. */
  const pending = useRef<{ number: string; call: CallInfo } | null>(null);

  const refresh = useCallback(() => {
    ws.recordStore
      .openCallbacks()
      .then((r) => setItems(r.callbacks))
      .catch(() => undefined); // offline: keep the last list
  }, [ws]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  // Follows the call-back's call; once it is over, its result is recorded.
  useEffect(() => {
    const current = pending.current;
    if (!current) return;
    const live = calls.find((c) => c.id === current.call.id);
    if (live && live.state !== 'ended') {
      current.call = live;
      return;
    }
    const last = live ?? current.call;
    pending.current = null;
    void ws.recordStore
      .recordCallbackAttempt({ number: current.number, result: last.answeredAt !== null ? 'reached' : 'no-answer' })
      .catch((e: unknown) => console.warn('call-back attempt not recorded', e))
      .then(refresh);
  }, [calls, ws, refresh]);

  const callBack = async (number: string) => {
    const call = await ws.dial(number);
    pending.current = { number, call };
  };

  if (items.length === 0) return null;
  const canCall = agent.state === 'ready' && calls.length === 0;
  return (
    <Card withBorder mt="sm" data-testid="callback-list">
      <Title order={6}>{t('callbacks.title')}</Title>
      <Stack gap={4} mt={4}>
        {items.map((item) => (
          <Group key={item.number} justify="space-between" wrap="nowrap" data-testid="callback-item" data-number={item.number}>
            <Stack gap={0}>
              <Group gap={4}>
                <Text size="sm" fw={600}>
                  {item.number}
                </Text>
                {item.overseas && (
                  <Badge size="xs" color="red" data-testid="callback-overseas">
                    {t('callbacks.overseas')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {t('callbacks.missed', { count: item.missedCount })} · {t('callbacks.lastMissed', { time: new Date(item.lastMissedAt).toLocaleTimeString() })} ·{' '}
                {t('callbacks.waited', { seconds: Math.round(item.longestWaitMs / 1000) })}
                {item.lastAttempt ? ` · ${t('callbacks.attempts', { count: item.attempts })} (${t(`callbacks.result.${item.lastAttempt.result}`)})` : ''}
              </Text>
            </Stack>
            <Button size="compact-xs" disabled={!canCall} title={canCall ? undefined : t('callbacks.onlyWhenReady')} onClick={() => void callBack(item.number)} data-testid="callback-call">
              {t('callbacks.callBack')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
