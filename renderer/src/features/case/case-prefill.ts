import type { CaseFieldKey } from '@shared/schemas/case';
import type { FreezeRecordView } from '@shared/schemas/freeze';
import type { LookupQuery } from './freeze-prefill';
import type { UsedScript } from './note-fill';

/**
 * Fills one open case from a look-up result; answers the keys it filled, or
 * `'other-call-type'` when the call-taker classified the case as something else.
 */
export type CaseFiller = (record: FreezeRecordView, query: LookupQuery | null) => CaseFieldKey[] | 'other-call-type';

/** Open case forms by case id, each with the filler of its latest render; a few recent ones only. */
const fillers = new Map<string, CaseFiller>();
const KEPT = 8;

/**
 * Offers a case form's filler, from its render. Not from an effect: the case tab sits in a
 * hidden `<Activity>` while the look-up tab is shown (Mantine keeps tabs mounted that way),
 * and a hidden tree runs no effects, yet its state and the form's autosave still work.
 * Keyed by case id, so a form that has gone can never be filled: look-ups name their case.
 */
export function offerCaseFiller(caseId: string, fill: CaseFiller | null): void {
  fillers.delete(caseId);
  if (!fill) return;
  fillers.set(caseId, fill);
  for (const old of fillers.keys()) {
    if (fillers.size <= KEPT) break;
    fillers.delete(old);
  }
}

/**
 * Fills the open case `caseId` from a picked freeze look-up result (as if typed, saved by
 * the form's autosave), never over what the call-taker entered. Returns the keys filled,
 * `'other-call-type'` when the case is neither unclassified nor a freeze inquiry (its form
 * would not show them), or null when that case has no open form.
 */
export function prefillCaseFromLookup(caseId: string | null | undefined, record: FreezeRecordView, query: LookupQuery | null = null): ReturnType<CaseFiller> | null {
  const fill = caseId ? fillers.get(caseId) : undefined;
  return fill ? fill(record, query) : null;
}

/** Fills one open case from a script the call-taker picked; answers the keys (and columns) it filled. */
export type ScriptFiller = (script: UsedScript) => string[];

const scriptFillers = new Map<string, ScriptFiller>();

/** Offers a case form's script filler, from its render (see `offerCaseFiller`). */
export function offerScriptFiller(caseId: string, fill: ScriptFiller | null): void {
  scriptFillers.delete(caseId);
  if (!fill) return;
  scriptFillers.set(caseId, fill);
  for (const old of scriptFillers.keys()) {
    if (scriptFillers.size <= KEPT) break;
    scriptFillers.delete(old);
  }
}

/**
 * Fills the open case `caseId` from a script inserted into the note (issue 17, one place to
 * write): its call type, fraud type and the items the script and the note answer, never over
 * what the call-taker entered. Returns the items filled, or null when that case has no open form.
 */
export function prefillCaseFromScript(caseId: string | null | undefined, script: UsedScript): string[] | null {
  const fill = caseId ? scriptFillers.get(caseId) : undefined;
  return fill ? fill(script) : null;
}
