import { Button, Chip, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_NOTE_MAX } from '@shared/schemas/follow-up';
import { callerKey, caseForCall } from '../../storage/case-repository';
import type { DeskDb } from '../../storage/db';
import { createFollowUp, FollowUpInputError, type FollowUpFieldErrors } from '../../storage/follow-up-repository';
import { DUE_PRESETS, parseLocalDateTime, presetDue, toLocalInput, type DuePreset } from './due-presets';
import { GrowingTextarea } from '../../ui/GrowingTextarea';

/** What the current call offers the new follow-up; its case is looked up when saving (it may open meanwhile). */
export interface FollowUpPrefill {
  callerNumber: string | null;
  callRecordId: string | null;
}

export interface FollowUpFormProps {
  db: DeskDb;
  assigneeId: string;
  orgUnitId: string;
  prefill: FollowUpPrefill | null;
  onSaved(): void;
  onCancel(): void;
  /** Injectable clock for tests. */
  now?: () => number;
}

/** Creates a follow-up: number (from the current call when there is one), note and a due preset or custom time. */
export function FollowUpForm({ db, assigneeId, orgUnitId, prefill, onSaved, onCancel, now = Date.now }: FollowUpFormProps) {
  const { t } = useTranslation();
  const [number, setNumber] = useState(prefill?.callerNumber ?? '');
  const [note, setNote] = useState('');
  const [preset, setPreset] = useState<DuePreset>('hour');
  const [custom, setCustom] = useState(() => toLocalInput(now() + 3_600_000));
  const [errors, setErrors] = useState<FollowUpFieldErrors>({});
  const [saving, setSaving] = useState(false);
  const openedAt = now();

  const message = (field: string) => {
    const code = errors[field];
    if (!code) return undefined;
    return t(`followUps.errors.${code}`, { defaultValue: field === 'dueAt' ? t('followUps.errors.dueAt') : t('followUps.errors.unknown', { message: code }) });
  };

  const save = async () => {
    const at = now();
    const dueAt = preset === 'custom' ? parseLocalDateTime(custom) : presetDue(preset, at);
    if (dueAt === null) return setErrors({ dueAt: 'dueAt' });
    const typed = number.trim();
    // The number a person types is stored the way cases keep numbers (E.164 when valid).
    const callerNumber = typed === '' ? null : (callerKey(typed) ?? typed);
    setSaving(true);
    try {
      const caseId = prefill?.callRecordId ? ((await caseForCall(db, prefill.callRecordId))?.id ?? null) : null;
      await createFollowUp(db, {
        assigneeId,
        orgUnitId,
        dueAt,
        note,
        callerNumber,
        caseId,
        callRecordId: prefill?.callRecordId ?? null,
      });
      setErrors({});
      onSaved();
    } catch (error) {
      if (error instanceof FollowUpInputError) setErrors(error.fields);
      else setErrors({ '(root)': error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="follow-up-form">
      {prefill?.callerNumber && (
        <Text size="xs" c="dimmed">
          {t('followUps.fromCall', { number: prefill.callerNumber })}
        </Text>
      )}
      <TextInput label={t('followUps.callerNumber')} value={number} onChange={(e) => setNumber(e.currentTarget.value)} error={message('callerNumber')} data-autofocus />
      <GrowingTextarea
        label={t('followUps.note')}
        placeholder={t('followUps.notePlaceholder')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        maxLength={FOLLOW_UP_NOTE_MAX}
        minRows={2}
        error={message('note')}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('followUps.due')}
        </Text>
        <Chip.Group value={preset} onChange={(v) => setPreset(v as DuePreset)}>
          <Group gap={6}>
            {DUE_PRESETS.map((p) => (
              <Chip key={p} value={p} size="xs" disabled={p !== 'custom' && presetDue(p, openedAt) === null}>
                {t(`followUps.preset.${p}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {preset === 'custom' && <TextInput type="datetime-local" aria-label={t('followUps.customDue')} value={custom} onChange={(e) => setCustom(e.currentTarget.value)} />}
        {errors.dueAt && (
          <Text size="xs" c="red" role="alert">
            {t('followUps.errors.dueAt')}
          </Text>
        )}
        {errors['(root)'] && (
          <Text size="xs" c="red" role="alert">
            {t('followUps.errors.unknown', { message: errors['(root)'] })}
          </Text>
        )}
      </Stack>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" size="xs" onClick={onCancel}>
          {t('followUps.cancelForm')}
        </Button>
        <Button size="xs" onClick={() => void save()} loading={saving}>
          {t('followUps.save')}
        </Button>
      </Group>
    </Stack>
  );
}
