export { CasePanel } from './CasePanel';
export { AgentStateControl } from './AgentStateControl';
export { prefillCaseFromLookup, prefillCaseFromScript } from './case-prefill';
export { focusFirstMissing, focusFirstMissingWhenShown, onShowCase, requestCaseFocus } from './case-focus';
export { caseFieldLabel } from './field-label';
export type { LookupQuery } from './freeze-prefill';
