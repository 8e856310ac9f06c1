import { Alert, Button, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WARNING_GRADES, WARNING_STATES, type AttemptResult, type GradeSetting, type WarningGrade, type WarningState } from '@shared/schemas/warning';
import { useClickToDial } from '../../state/use-click-to-dial';
import { useWorkstation, useWorkstationSnapshot } from '../../state/workstation-context';
import { orderQueue } from './queue-order';
import { beepAlarm, useOverdueAlarm, type AlarmPlayer } from './use-overdue-alarm';
import { useWarningQueue, type WarningsApi } from './use-warning-queue';
import { WarningActions } from './WarningActions';
import { WarningContactForm } from './WarningContactForm';
import { WarningEscalation } from './WarningEscalation';
import { WarningNextSteps } from './WarningNextSteps';
import { WarningVisitForm } from './WarningVisitForm';
import { WarningQueueList } from './WarningQueueList';

const NO_GRADES: GradeSetting[] = [];

/** How often the overdue marks are re-evaluated on the workstation's clock. */
const CLOCK_TICK_MS = 15_000;

/**
 * The warning-instruction queue (issue 7): the unit's instructions sorted by grade then age,
 * filtered by grade and state, overdue ones highlighted; the selected one can be signed for,
 * dialled in one click, and a call's result recorded with one key.
 */
export interface WarningsTabProps {
  api: WarningsApi;
  clock?: () => number;
  /** The sync loop's last pull: a change may have arrived, re-read the queue. */
  lastPullAt?: number | null;
  /** Overdue alarm output (a Web Audio beep by default). */
  playAlarm?: AlarmPlayer;
  /** The signed-in user's org unit (a station records the visits dispatched to it). */
  unitId?: string | null;
}

export function WarningsTab({ api, clock = Date.now, lastPullAt = null, playAlarm = beepAlarm, unitId = null }: WarningsTabProps) {
  const { t } = useTranslation();
  const queue = useWarningQueue(api, lastPullAt);
  const dial = useClickToDial();
  const [grades, setGrades] = useState<WarningGrade[]>([]);
  const [states, setStates] = useState<WarningState[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, [clock]);

  const listStations = useCallback(() => api.listWarningStations(), [api]);
  const shown = useMemo(() => orderQueue(queue.items, { grades, states }), [queue.items, grades, states]);
  useOverdueAlarm(queue.items, queue.config?.grades ?? NO_GRADES, now, playAlarm);
  const selected = shown.find((i) => i.id === selectedId) ?? null;
  const recordResult = (result: AttemptResult, number: string) => {
    if (!selected) return;
    void queue.recordAttempt(selected, { at: clock(), channel: 'call', number, result, callRecordId: null }, t(`warnings.result.${result}`));
  };

  return (
    <Stack gap="xs" data-testid="warnings-tab">
      <Group gap="xs" align="end">
        <MultiSelect
          size="xs"
          label={t('warnings.filter.grade')}
          placeholder={t('warnings.filter.all')}
          data={WARNING_GRADES.map((g) => ({ value: g, label: t(`warnings.grade.${g}`) }))}
          value={grades}
          onChange={(v) => setGrades(v as WarningGrade[])}
          data-testid="warning-filter-grade"
          style={{ flex: 1 }}
        />
        <MultiSelect
          size="xs"
          label={t('warnings.filter.state')}
          placeholder={t('warnings.filter.all')}
          data={WARNING_STATES.map((s) => ({ value: s, label: t(`warnings.state.${s}`) }))}
          value={states}
          onChange={(v) => setStates(v as WarningState[])}
          data-testid="warning-filter-state"
          style={{ flex: 1 }}
        />
        <Button size="xs" variant="default" onClick={() => void queue.reload()}>
          {t('warnings.refresh')}
        </Button>
      </Group>
      {queue.error && (
        <Alert color="orange" p="xs">
          {t(queue.error === 'unreachable' ? 'warnings.unreachable' : 'warnings.failed', { message: '' })}
        </Alert>
      )}
      <Text size="xs" c="dimmed" data-testid="warning-count">
        {t('warnings.count', { count: shown.length })}
      </Text>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('warnings.empty')}
        </Text>
      ) : (
        <WarningQueueList items={shown} grades={queue.config?.grades ?? []} selectedId={selectedId} onSelect={setSelectedId} now={now} />
      )}
      {selected && (
        <>
          <WarningActions item={selected} pending={queue.pending === selected.id} transition={(body) => queue.transition(selected, body)} dial={dial} recordResult={recordResult} />
          <WarningNextSteps key={selected.id} item={selected} pending={queue.pending === selected.id} transition={(body) => queue.transition(selected, body)} />
          <WarningContactForm key={`c-${selected.id}`} item={selected} pending={queue.pending === selected.id} clock={clock} recordContact={(body) => queue.recordContact(selected, body)} />
          <WarningEscalation key={`e-${selected.id}`} item={selected} pending={queue.pending === selected.id} transition={(body) => queue.transition(selected, body)} listStations={listStations} />
          {unitId && (
            <WarningVisitForm key={`v-${selected.id}`} item={selected} stationUnitId={unitId} pending={queue.pending === selected.id} clock={clock} recordVisit={(body) => queue.recordVisit(selected, body)} />
          )}
        </>
      )}
      {queue.notice && (
        <Text size="xs" c={queue.notice.kind === 'recorded' ? 'green' : 'red'} data-testid="warning-notice">
          {queue.notice.kind === 'recorded' ? t('warnings.recorded', { result: queue.notice.message }) : t(queue.notice.kind === 'refused' ? 'warnings.refused' : 'warnings.failed', { message: queue.notice.message })}
        </Text>
      )}
    </Stack>
  );
}

/** The tab as the sidebar mounts it: the workstation's record store, refreshed after each sync pull. */
export function WarningsSidebarTab() {
  const ws = useWorkstation();
  const snapshot = useWorkstationSnapshot();
  return <WarningsTab api={ws.recordStore} lastPullAt={snapshot.sync?.lastPullAt ?? null} unitId={snapshot.user?.orgUnitId ?? null} />;
}
