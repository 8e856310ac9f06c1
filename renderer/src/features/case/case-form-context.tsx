import { createContext, useContext } from 'react';
import type { CaseFields } from '@shared/schemas/case';
import type { FieldErrors } from '@shared/schemas/case-finalise';

/** What every field control of the case form needs. */
export interface CaseForm {
  fields: CaseFields;
  set(patch: CaseFields): void;
  /** Translated error per field path, after a failed finalise. */
  errors: FieldErrors;
  readOnly: boolean;
}

export const CaseFormContext = createContext<CaseForm | null>(null);

/** The case form; only inside `CaseFormContext.Provider`. */
export function useCaseForm(): CaseForm {
  const form = useContext(CaseFormContext);
  if (!form) throw new Error('useCaseForm outside CaseFormContext');
  return form;
}
