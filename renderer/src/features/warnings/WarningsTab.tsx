import { Alert, Button, Group, MultiSelect, Stack, Switch, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WARNING_GRADES, WARNING_STATES, type AttemptResult, type GradeSetting, type WarningGrade, type WarningState, type WarningStep } from '@shared/schemas/warning';
import type { CallInfo } from '../../softphone/types';
import { useWorkstation } from '../../state/workstation-context';
import { useWorkstationSelector } from '../../state/use-workstation-selector';
import type { WorkstationSnapshot } from '../../state/workstation';
import { attemptResultFromCall } from './attempt-from-call';
import { openFraudReportCase } from './fraud-report-case';
import { useInstructionDial } from './use-instruction-dial';
import { orderQueue, type QueueItem } from './queue-order';
import { useAlarmMute } from './use-alarm-mute';
import { gradeAlarm, useOverdueAlarm, type AlarmPlayer } from './use-overdue-alarm';
import { useWarningQueue, type WarningsApi } from './use-warning-queue';
import { AutoCallPanel } from './AutoCallPanel';
import { WarningActions } from './WarningActions';
import { WarningContactForm } from './WarningContactForm';
import { WarningDetail } from './WarningDetail';
import { WarningEscalation } from './WarningEscalation';
import { WarningEvaluation } from './WarningEvaluation';
import { WarningFraudReportLink } from './WarningFraudReportLink';
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
  /** Overdue alarm output (the grade's sound through Web Audio by default). */
  playAlarm?: AlarmPlayer;
  /** The signed-in user's org unit (a station records the visits dispatched to it). */
  unitId?: string | null;
  /** Opens the fraud-report case the server linked to a defrauded instruction; absent: none is opened or linked. */
  openFraudReport?: (caseId: string, item: QueueItem) => Promise<unknown>;
  /** The user may evaluate (a supervisor; the server checks it is the city centre's). */
  canEvaluate?: boolean;
  /** The softphone's focused call: when it is the one dialled from the selected instruction, its SIP outcome suggests the result. */
  call?: CallInfo | null;
  /** The signed-in user: the automatic-call panel says "you" when they hold the instruction. */
  userId?: string | null;
}

export function WarningsTab({ api, clock = Date.now, lastPullAt = null, playAlarm = gradeAlarm, unitId = null, openFraudReport, canEvaluate = false, call = null, userId = null }: WarningsTabProps) {
  const { t } = useTranslation();
  const queue = useWarningQueue(api, lastPullAt);
  const instructionDial = useInstructionDial();
  const [caseNotOpened, setCaseNotOpened] = useState<string | null>(null);
  const [muted, setMuted] = useAlarmMute();
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
  useOverdueAlarm(queue.items, queue.config?.grades ?? NO_GRADES, now, playAlarm, muted);
  const selected = shown.find((i) => i.id === selectedId) ?? null;
  const suggested = selected && call && call.id === instructionDial.dialledCallId(selected.id) ? attemptResultFromCall(call) : null;
  const recordResult = (result: AttemptResult, number: string) => {
    if (!selected) return;
    const at = clock();
    void instructionDial.takeCallRecordId(selected.id).then((callRecordId) => queue.recordAttempt(selected, { at, channel: 'call', number, result, callRecordId }, t(`warnings.result.${result}`)));
  };
  /**
   * A step on `target`. "Defrauded" also opens a fraud-report case: its id goes with the
   * outcome (the server keeps the link) and the case is written locally once the server accepted.
   */
  const transitionOf = (target: QueueItem) => async (body: WarningStep) => {
    if (body.action !== 'outcome' || body.outcome !== 'defrauded' || !openFraudReport) return queue.transition(target, body);
    const caseId = crypto.randomUUID();
    if (!(await queue.transition(target, { ...body, fraudReportCaseId: caseId }))) return false;
    await openCase(caseId, target);
    return true;
  };
  /** Writes the linked case locally (idempotent: also the retry after a failed write). */
  const openCase = async (caseId: string, target: QueueItem) => {
    setCaseNotOpened(null);
    await openFraudReport?.(caseId, target).catch((error: unknown) => {
      console.error('fraud-report case not opened', error);
      setCaseNotOpened(target.id);
    });
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
      <Switch size="xs" label={t('warnings.alarm.mute')} checked={muted} onChange={(e) => setMuted(e.currentTarget.checked)} data-testid="warning-alarm-mute" />
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
        // With one selected the list shrinks to a few rows, so its detail and actions stay in view.
        <WarningQueueList items={shown} grades={queue.config?.grades ?? []} selectedId={selected?.id ?? null} onSelect={setSelectedId} now={now} height={selected ? 216 : 420} />
      )}
      {selected && (
        <>
          <WarningDetail key={`d-${selected.id}`} item={selected} pending={queue.pending === selected.id} transition={(body) => queue.transition(selected, body)} />
          <AutoCallPanel key={`ac-${selected.id}`} item={selected} userId={userId} pending={queue.pending === selected.id} takeOver={queue.takeOver ? () => queue.takeOver!(selected) : null} />
          <WarningFraudReportLink item={selected} notOpened={caseNotOpened === selected.id} retry={(caseId) => void openCase(caseId, selected)} />
          <WarningActions item={selected} pending={queue.pending === selected.id} transition={(body) => queue.transition(selected, body)} dial={(number) => instructionDial.dial(selected.id, number)} recordResult={recordResult} suggested={suggested} />
          <WarningNextSteps key={selected.id} item={selected} pending={queue.pending === selected.id} transition={transitionOf(selected)} />
          <WarningContactForm key={`c-${selected.id}`} item={selected} pending={queue.pending === selected.id} clock={clock} recordContact={(body) => queue.recordContact(selected, body)} />
          <WarningEscalation key={`e-${selected.id}`} item={selected} pending={queue.pending === selected.id} transition={(body) => queue.transition(selected, body)} listStations={listStations} />
          <WarningEvaluation key={`ev-${selected.id}`} item={selected} pending={queue.pending === selected.id} canEvaluate={canEvaluate} transition={(body) => queue.transition(selected, body)} />
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
  // Not the whole snapshot: a sync tick or an inbound call's answer left this hidden tab alone
  // (only a call dialled from an instruction suggests its result).
  const snapshot = useWorkstationSelector(warningsView, sameWarningsView);
  const openFraudReport = useCallback(
    (caseId: string, item: QueueItem) => {
      const db = ws.database;
      return db ? openFraudReportCase(db, caseId, item) : Promise.reject(new Error('not signed in'));
    },
    [ws],
  );
  return <WarningsTab api={ws.recordStore} lastPullAt={snapshot.lastPullAt} unitId={snapshot.user?.orgUnitId ?? null} openFraudReport={openFraudReport} canEvaluate={snapshot.user?.role === 'supervisor'} call={snapshot.focusCall} userId={snapshot.user?.id ?? null} />;
}

const warningsView = (s: WorkstationSnapshot) => ({ lastPullAt: s.sync?.lastPullAt ?? null, user: s.user, focusCall: s.focusCall?.direction === 'outbound' ? s.focusCall : null });
const sameWarningsView = (a: ReturnType<typeof warningsView>, b: ReturnType<typeof warningsView>) => a.lastPullAt === b.lastPullAt && a.user === b.user && a.focusCall === b.focusCall;
