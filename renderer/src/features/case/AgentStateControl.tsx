import { Badge, Group, Menu, Button, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { NOT_READY_REASONS } from '@shared/schemas/agent-state';
import { DispositionRequiredError } from '../../state/agent-state';
import { useWorkstation } from '../../state/workstation-context';

const COLORS = { ready: 'green', 'not-ready': 'orange', 'on-call': 'blue', 'after-call-work': 'grape', offline: 'gray' } as const;

function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** The agent's state with the time in it (the after-call-work timer) and the agent's own choices. */
export function AgentStateControl() {
  const { t } = useTranslation();
  const ws = useWorkstation();
  const status = useSyncExternalStore(ws.agentState.subscribe, ws.agentState.getSnapshot);
  const [now, setNow] = useState(() => Date.now());
  /** The state (by its start) in which ready was refused: the message goes once the state moves on. */
  const [refusedIn, setRefusedIn] = useState<number | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const ready = () =>
    ws.agentState.setReady().catch((error: unknown) => {
      if (error instanceof DispositionRequiredError) setRefusedIn(status.since);
      else throw error;
    });
  // Alt+G: back to ready from the keyboard (issue 17), from any field, as the menu's item;
  // Alt+X: more after-call work (issue 16). Not Alt+E/F: Chromium opens its own menu on those.
  useHotkeys(
    [
      ['alt+G', () => status.state !== 'on-call' && void ready()],
      ['alt+X', () => ws.agentState.extendWrapUp()],
    ],
    [],
  );
  // 班长值守 is a supervisor's own not-ready reason (the desk's state at sign-in).
  const reasons = NOT_READY_REASONS.filter((r) => r !== 'supervising' || ws.getSnapshot().user?.role === 'supervisor');
  return (
    <Group gap="xs" data-testid="agent-state" data-state={status.state} data-reason={status.reason ?? ''}>
      <Menu position="top-start" withinPortal>
        <Menu.Target>
          <Button size="compact-xs" variant="subtle" aria-label={t('agentState.label')} data-testid="agent-state-menu">
            <Badge size="sm" color={COLORS[status.state]}>
              {t(`agentState.state.${status.state}`)}
              {status.reason ? ` · ${t(`agentState.reason.${status.reason}`)}` : ''} · <span data-testid="agent-state-timer">{elapsed(now - status.since)}</span>
            </Badge>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => void ready()} data-testid="agent-state-ready" disabled={status.state === 'on-call'}>
            {t('agentState.setReady')}
          </Menu.Item>
          {reasons.map((reason) => (
            <Menu.Item key={reason} onClick={() => ws.agentState.setNotReady(reason)} data-testid={`agent-state-not-ready-${reason}`} disabled={status.state === 'on-call'}>
              {t('agentState.setNotReady', { reason: t(`agentState.reason.${reason}`) })}
            </Menu.Item>
          ))}
          <Menu.Item onClick={() => ws.agentState.setOffline()} data-testid="agent-state-offline">
            {t('agentState.setOffline')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {status.state === 'after-call-work' && status.wrapUpUntil !== null && (
        <Group gap={4} data-testid="wrap-up">
          <Text size="xs" c="dimmed" data-testid="wrap-up-countdown" data-remaining-ms={Math.max(0, status.wrapUpUntil - now)}>
            {status.wrapUpUntil > now ? t('agentState.wrapUp.remaining', { time: elapsed(status.wrapUpUntil - now) }) : t('agentState.wrapUp.waitingForCase')}
          </Text>
          <Button size="compact-xs" variant="light" onClick={() => ws.agentState.extendWrapUp()} data-testid="wrap-up-extend" title="Alt+X">
            {t('agentState.wrapUp.extend')}
          </Button>
          <Button size="compact-xs" variant="light" color="green" onClick={() => void ready()} data-testid="wrap-up-ready" title="Alt+G">
            {t('agentState.wrapUp.readyNow')}
          </Button>
        </Group>
      )}
      {refusedIn === status.since && (
        <Text size="xs" c="red" data-testid="agent-state-refusal">
          {t('agentState.dispositionRequired')}
        </Text>
      )}
    </Group>
  );
}
