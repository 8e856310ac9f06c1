import { z } from 'zod';
import { safeText } from '../text/safe-text';
import {
  ACCOUNT_TYPES,
  CaseFieldsSchema,
  CONTACT_CHANNELS,
  ESCALATIONS,
  FREEZE_SYMPTOMS,
  FUNDS_ROLES,
  IDENTITY_CHECKS,
  IDENTIFIER_KINDS,
  isImminentRisk,
  isNonDataDisposition,
  REPORTER_ROLES,
  type CallType,
  type CaseCallType,
  type CaseFields,
} from './case';

/**
 * The finalise schema: the full set of fields each call type must have before a case is
 * closed. Error messages are machine codes (`required`, `money-sent-report`, …) keyed by
 * the field's path, so the UI names the field in the user's language and the server
 * answers with the same map. Shared by renderer and server: both decide identically.
 */

/** Field path → error code. Empty when the case may be finalised. */
export type FieldErrors = Record<string, string>;

const REQUIRED = { error: 'required' } as const;
const filled = z.string(REQUIRED).trim().min(1, REQUIRED);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, REQUIRED);
const yesNo = z.boolean(REQUIRED);
const amount = z.number(REQUIRED).nonnegative();
const atLeastOne = <T extends z.ZodTypeAny>(item: T) => z.array(item, REQUIRED).min(1, REQUIRED);

/** Per call type: required fields on top of the draft types. */
const SECTIONS: Record<CallType, z.ZodType<unknown>> = {
  consultation: z.object({
    situation: filled,
    contactChannels: atLeastOne(z.enum(CONTACT_CHANNELS)),
    moneySent: yesNo,
    advice: filled,
  }),
  'freeze-inquiry': z.object({
    identityCheck: oneOf(IDENTITY_CHECKS),
    institution: filled,
    accountType: oneOf(ACCOUNT_TYPES),
    accountNumberMasked: filled,
    symptom: oneOf(FREEZE_SYMPTOMS),
    fundsRole: oneOf(FUNDS_ROLES),
    guidance: atLeastOne(safeText()),
    escalation: oneOf(ESCALATIONS),
  }),
  'fraud-report': z.object({
    reporterRole: oneOf(REPORTER_ROLES),
    fraudsterIdentifiers: atLeastOne(z.object({ kind: z.enum(IDENTIFIER_KINDS), value: safeText() })),
    totalLoss: amount,
    routed110: yesNo,
  }),
  counselling: z.object({
    presentingIssue: filled,
    riskDesire: yesNo,
    riskCapability: yesNo,
    riskIntent: yesNo,
    moodStart: z.number(REQUIRED).int(),
    moodEnd: z.number(REQUIRED).int(),
    followUp: filled,
  }),
};

/** Codes the UI translates; any other zod message is reported as `invalid`. */
const KNOWN_CODES: ReadonlySet<string> = new Set(['required']);

/** Call types whose cases must name the fraud type. */
const NEEDS_FRAUD_TYPE: ReadonlySet<CallType> = new Set(['consultation', 'fraud-report']);

/** What the finalise rules look at. */
export interface FinaliseInput {
  callType: CaseCallType;
  disposition: string | null;
  fraudType: string | null;
  fields: CaseFields;
}

/**
 * Checks a merged case against the finalise rules. A non-data disposition (silent, wrong
 * number, …) closes any case without data; every other case needs its type's section.
 */
export function finaliseErrors(input: FinaliseInput): FieldErrors {
  const errors: FieldErrors = {};
  const types = CaseFieldsSchema.safeParse(input.fields);
  if (!types.success) for (const issue of types.error.issues) errors[issue.path.join('.') || 'fields'] = issue.message;
  if (!input.disposition) errors.disposition = 'required';
  if (isNonDataDisposition(input.disposition)) return errors;
  if (input.callType === 'unclassified') {
    errors.callType = 'required';
    return errors;
  }
  if (NEEDS_FRAUD_TYPE.has(input.callType) && !input.fraudType) errors.fraudType = 'required';
  const section = SECTIONS[input.callType].safeParse(input.fields);
  if (!section.success) {
    for (const issue of section.error.issues) {
      const path = issue.path.join('.');
      if (!(path in errors)) errors[path] = KNOWN_CODES.has(issue.message) ? issue.message : 'invalid';
    }
  }
  // Cross-field rules run even when required fields are missing, so every error shows at once.
  const f = input.fields;
  // Money already gone is a fraud report: the caller must be told to call 110 now.
  if (input.callType === 'consultation' && f.moneySent === true) errors.moneySent = 'money-sent-report';
  // Stop-payment chances fall by the minute: the clock must be logged when money moved.
  if (input.callType === 'fraud-report' && (f.transfers?.length ?? 0) > 0 && f.minutesSinceLastTransfer === undefined) errors.minutesSinceLastTransfer = 'required';
  if (input.callType === 'counselling' && isImminentRisk(input.fields) && !input.fields.riskEscalation) errors.riskEscalation = 'imminent-risk-escalation';
  return errors;
}

/** One line naming every failing field, for logs and the server's rejection message. */
export function describeFieldErrors(errors: FieldErrors): string {
  return Object.entries(errors)
    .map(([field, code]) => `${field}: ${code}`)
    .join('; ');
}
