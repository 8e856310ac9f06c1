import type { TFunction } from 'i18next';

/** A case field's label: the base set under `case.field`, fields added by the refinements under `caseExtra.field`. */
export function caseFieldLabel(t: TFunction, key: string): string {
  return t(`case.field.${key}`, { defaultValue: t(`caseExtra.field.${key}`, { defaultValue: key }) });
}
