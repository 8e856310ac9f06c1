import { Button, Group, Select, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WARNING_GRADES, type WarningGrade, type WarningState, type WarningStationsResponse, type WarningStep } from '@shared/schemas/warning';
import type { QueueItem } from './queue-order';

const FINAL = new Set<WarningState>(['closed', 'void']);
/** Where a visit may be requested (the server also wants a high or extreme grade). */
const VISIT_FROM = new Set<WarningState>(['signed-for', 'sms-sent', 'calling', 'relatives-contacted']);

export interface WarningEscalationProps {
  item: QueueItem;
  pending: boolean;
  transition(body: WarningStep): Promise<boolean>;
  listStations(): Promise<WarningStationsResponse>;
}

/**
 * Regrading (with a reason, kept in the history), dispatching a high or extreme instruction to
 * a police station, and closing once evaluated (the evaluation itself: WarningEvaluation).
 */
export function WarningEscalation({ item, pending, transition, listStations }: WarningEscalationProps) {
  const { t } = useTranslation();
  const [grade, setGrade] = useState<WarningGrade | null>(null);
  const [reason, setReason] = useState('');
  const [stations, setStations] = useState<WarningStationsResponse['stations']>([]);
  const [station, setStation] = useState<string | null>(null);
  const canVisit = VISIT_FROM.has(item.state) && (item.grade === 'high' || item.grade === 'extreme');
  useEffect(() => {
    if (!canVisit) return;
    let alive = true;
    listStations().then(
      (answer) => alive && setStations(answer.stations),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [canVisit, listStations]);

  if (FINAL.has(item.state)) return null;
  const regrade = async () => {
    if (!grade || !reason.trim()) return;
    if (await transition({ action: 'regrade', grade, reason: reason.trim() })) {
      setGrade(null);
      setReason('');
    }
  };

  return (
    <Group gap={6} align="end" data-testid="warning-escalation">
      <Select
        size="xs"
        w={90}
        label={t('warnings.regrade')}
        data={WARNING_GRADES.filter((g) => g !== item.grade).map((g) => ({ value: g, label: t(`warnings.grade.${g}`) }))}
        value={grade}
        onChange={(v) => setGrade(v as WarningGrade | null)}
        data-testid="warning-regrade-grade"
      />
      <TextInput size="xs" label={t('warnings.regradeReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} data-testid="warning-regrade-reason" />
      <Button size="compact-xs" disabled={pending || !grade || !reason.trim()} onClick={() => void regrade()} data-testid="warning-regrade">
        {t('warnings.regrade')}
      </Button>
      {canVisit && (
        <>
          <Select size="xs" w={140} label={t('warnings.station')} data={stations.map((s) => ({ value: s.id, label: s.name }))} value={station} onChange={setStation} data-testid="warning-station" />
          <Button size="compact-xs" disabled={pending || !station} onClick={() => station && void transition({ action: 'request-visit', stationUnitId: station })} data-testid="warning-request-visit">
            {t('warnings.requestVisit')}
          </Button>
        </>
      )}
      {item.state === 'evaluated' && (
        <Button size="compact-xs" disabled={pending} onClick={() => void transition({ action: 'close' })} data-testid="warning-close">
          {t('warnings.close')}
        </Button>
      )}
    </Group>
  );
}
