import { Button, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VisitResultSchema, type VisitRecordInput } from '@shared/schemas/warning';
import type { QueueItem } from './queue-order';

export interface WarningVisitFormProps {
  item: QueueItem;
  /** The signed-in user's unit: the form shows only when a visit is open at it. */
  stationUnitId: string;
  pending: boolean;
  clock: () => number;
  recordVisit(body: VisitRecordInput): Promise<boolean>;
}

type Result = VisitRecordInput['result'];

/** The station's record of its face-to-face visit (officer, place, result, met now), sent back to the responsible unit. */
export function WarningVisitForm({ item, stationUnitId, pending, clock, recordVisit }: WarningVisitFormProps) {
  const { t } = useTranslation();
  const [officer, setOfficer] = useState('');
  const [place, setPlace] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const open = item.visits.some((v) => v.stationUnitId === stationUnitId && v.returnedAt === null);
  if (!open) return null;
  const ready = officer.trim() && place.trim() && result;
  return (
    <Stack gap={4} data-testid="warning-visit-form">
      <TextInput size="xs" label={t('warnings.visit.officer')} value={officer} onChange={(e) => setOfficer(e.currentTarget.value)} maxLength={64} data-testid="warning-visit-officer" />
      <TextInput size="xs" label={t('warnings.visit.place')} value={place} onChange={(e) => setPlace(e.currentTarget.value)} maxLength={200} data-testid="warning-visit-place" />
      <Select
        size="xs"
        label={t('warnings.visit.result')}
        data={VisitResultSchema.options.map((r) => ({ value: r, label: t(`warnings.visit.results.${r}`) }))}
        value={result}
        onChange={(v) => setResult(v as Result | null)}
        data-testid="warning-visit-result"
      />
      <Button
        size="compact-xs"
        disabled={pending || !ready}
        onClick={() => result && void recordVisit({ officer: officer.trim(), place: place.trim(), result, metAt: clock() })}
        data-testid="warning-visit-send"
      >
        {t('warnings.visit.send')}
      </Button>
    </Stack>
  );
}
