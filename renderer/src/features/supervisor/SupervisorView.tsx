import { Alert, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkstation, useWorkstationSnapshot } from '../../state/workstation-context';
import { AgentStates } from './AgentStates';
import { GradeStateBoard } from './GradeStateBoard';
import { OverdueList } from './OverdueList';
import { QueuePanel } from './QueuePanel';
import { ReassignPanel } from './ReassignPanel';
import { clockTime } from './supervisor-format';
import { useSupervisorData, type SupervisorApi } from './use-supervisor-data';
import { WorkloadPanel } from './WorkloadPanel';

export interface SupervisorViewProps {
  api: SupervisorApi;
  /** The sync loop's last pull: something in the subtree changed, re-read. */
  lastPullAt?: number | null;
  clock?: () => number;
}

/** How often the "for N minutes" of agents' states moves on. */
const CLOCK_TICK_MS = 15_000;

/**
 * 班长视图 (issue 7): the live 96110 queue (issue 16), the subtree's open warning instructions
 * by grade × state, the overdue list, agents' states, the day's workload per agent, and reassignment. Live: re-read after
 * each sync pull and every 10 s while visible; "updated at" says how fresh it is.
 */
export function SupervisorView({ api, lastPullAt = null, clock = Date.now }: SupervisorViewProps) {
  const { t } = useTranslation();
  const [date, setDate] = useState<string | null>(null);
  const data = useSupervisorData(api, lastPullAt, date, clock);
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, [clock]);
  const board = data.board;

  return (
    <Stack gap="md" data-testid="supervisor-view">
      <Group justify="space-between">
        <Title order={3}>{t('supervisor.title')}</Title>
        <Group gap="xs">
          <Text size="xs" c="dimmed" data-testid="supervisor-updated">
            {data.updatedAt === null ? t('supervisor.neverUpdated') : t('supervisor.lastUpdated', { time: clockTime(data.updatedAt) })}
          </Text>
          <Button size="xs" variant="default" onClick={() => void data.reload()}>
            {t('supervisor.refresh')}
          </Button>
        </Group>
      </Group>
      {data.error && (
        <Alert color="orange" p="xs" data-testid="supervisor-error">
          {data.error.kind === 'unreachable' ? t('supervisor.unreachable') : t('supervisor.failed', { message: data.error.message })}
        </Alert>
      )}
      <QueuePanel api={api} agents={board?.agents ?? []} clock={clock} />
      {board && (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="md">
              <Paper withBorder p="sm">
                <Group justify="space-between" mb="xs">
                  <Text fw={600}>{t('supervisor.board.title')}</Text>
                  <Text size="xs" c="dimmed">
                    {t('supervisor.board.open', { count: board.openTotal })}
                  </Text>
                </Group>
                <GradeStateBoard board={board} />
              </Paper>
              <Paper withBorder p="sm">
                <Text fw={600} mb="xs">
                  {t('supervisor.overdue.title')}
                </Text>
                <OverdueList board={board} />
              </Paper>
              <Paper withBorder p="sm">
                <WorkloadPanel workload={data.workload} date={date} onDate={setDate} />
              </Paper>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Stack gap="md">
              <Paper withBorder p="sm">
                <Text fw={600} mb="xs">
                  {t('supervisor.agents.title')}
                </Text>
                <AgentStates agents={board.agents} now={now} />
              </Paper>
              <Paper withBorder p="sm">
                <Text fw={600} mb="xs">
                  {t('supervisor.reassign.title')}
                </Text>
                <ReassignPanel board={board} pending={data.pending} notice={data.notice} reassign={data.reassign} />
              </Paper>
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

/** The view as the app mounts it: the workstation's record store, re-read after each sync pull. */
export function SupervisorScreen() {
  const ws = useWorkstation();
  const snapshot = useWorkstationSnapshot();
  return <SupervisorView api={ws.recordStore} lastPullAt={snapshot.sync?.lastPullAt ?? null} />;
}
