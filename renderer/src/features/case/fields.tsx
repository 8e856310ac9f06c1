import { Checkbox, Group, NativeSelect, Radio, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseFieldKey, CaseFields } from '@shared/schemas/case';
import { useCaseForm } from './case-form-context';
import { caseFieldLabel } from './field-label';
import { ACCOUNT_MIN_DIGITS } from './mask-on-screen';
import { MaskedInput } from './MaskedInput';
import { GrowingTextarea } from '../../ui/GrowingTextarea';

/** Field controls bound to one case field: label, value, autosave and finalise error all come from the key. */

type Of<T> = { [K in CaseFieldKey]: NonNullable<CaseFields[K]> extends T ? K : never }[CaseFieldKey];

const testId = (k: string) => `case-field-${k}`;

function useField(k: CaseFieldKey) {
  const { t } = useTranslation();
  const form = useCaseForm();
  return { t, form, label: caseFieldLabel(t, k), error: form.errors[k] };
}

/**
 * `masked`: a field that may hold card/account or resident ID numbers, masked on screen unless
 * being edited: `'account'` for a box meant for one account number, `'text'` for free text.
 */
export function TextField({ k, multiline = false, masked }: { k: Of<string>; multiline?: boolean; masked?: 'account' | 'text' }) {
  const { form, label, error } = useField(k);
  const value = (form.fields[k] as string | undefined) ?? '';
  const props = { label, error, value, readOnly: form.readOnly, 'data-testid': testId(k), onChange: (e: { currentTarget: { value: string } }) => form.set({ [k]: e.currentTarget.value }) };
  if (multiline) return <GrowingTextarea minRows={2} {...props} />;
  return masked ? <MaskedInput {...props} minDigits={masked === 'account' ? ACCOUNT_MIN_DIGITS : undefined} /> : <TextInput {...props} />;
}

export function NumberField({ k, min = 0, max }: { k: Of<number>; min?: number; max?: number }) {
  const { form, label, error } = useField(k);
  const value = form.fields[k] as number | undefined;
  return (
    <TextInput
      type="number"
      inputMode="decimal"
      min={min}
      max={max}
      label={label}
      error={error}
      readOnly={form.readOnly}
      data-testid={testId(k)}
      value={value === undefined ? '' : String(value)}
      onChange={(e) => {
        const raw = e.currentTarget.value.trim();
        const n = Number(raw);
        // An empty box clears nothing on the server (patches only set); a partial entry waits.
        if (raw !== '' && Number.isFinite(n) && n >= min && (max === undefined || n <= max)) form.set({ [k]: k === 'minutesSinceLastTransfer' || k.startsWith('mood') ? Math.round(n) : n });
      }}
    />
  );
}

/** `optionKeys`: where the option labels are (default `case.option.<group>`), e.g. `lookup.measure` for the look-up's own words. */
export function EnumField({ k, options, group = k, optionKeys = `case.option.${group}` }: { k: Of<string>; options: readonly string[]; group?: string; optionKeys?: string }) {
  const { t, form, label, error } = useField(k);
  return (
    <NativeSelect
      label={label}
      error={error}
      disabled={form.readOnly}
      data-testid={testId(k)}
      value={(form.fields[k] as string | undefined) ?? ''}
      onChange={(e) => e.currentTarget.value !== '' && form.set({ [k]: e.currentTarget.value })}
      data={[{ value: '', label: '—' }, ...options.map((value) => ({ value, label: t(`${optionKeys}.${value}`) }))]}
    />
  );
}

export function MultiField({ k, options, group = k }: { k: Of<string[]>; options: readonly string[]; group?: string }) {
  const { t, form, label, error } = useField(k);
  return (
    <Checkbox.Group label={label} error={error} value={(form.fields[k] as string[] | undefined) ?? []} onChange={(value) => !form.readOnly && form.set({ [k]: value })}>
      <Group gap="sm" mt={4}>
        {options.map((value) => (
          <Checkbox key={value} value={value} label={t(`case.option.${group}.${value}`)} data-testid={`${testId(k)}-${value}`} disabled={form.readOnly} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** Yes / no with a third state (not asked yet), so "required" can tell "no" from "not asked". */
export function YesNoField({ k, onYes }: { k: Of<boolean>; onYes?: () => void }) {
  const { t, form, label, error } = useField(k);
  const value = form.fields[k] as boolean | undefined;
  return (
    <Radio.Group
      label={label}
      error={error}
      value={value === undefined ? '' : value ? 'yes' : 'no'}
      onChange={(v) => {
        if (form.readOnly) return;
        form.set({ [k]: v === 'yes' });
        if (v === 'yes') onYes?.();
      }}
    >
      <Group gap="md" mt={4}>
        <Radio value="yes" label={t('case.yes')} data-testid={`${testId(k)}-yes`} disabled={form.readOnly} />
        <Radio value="no" label={t('case.no')} data-testid={`${testId(k)}-no`} disabled={form.readOnly} />
      </Group>
    </Radio.Group>
  );
}
