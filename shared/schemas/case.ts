import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { CallDirectionSchema } from './call-record';
import { MeasureTypeSchema } from './freeze';
import { EpochMsSchema, PhoneNumberSchema, UuidSchema } from './ids';
import { FraudTypeSchema } from './template';

/**
 * A case: what the call-taker logs about one call. It is saved early as a draft with almost
 * nothing required, patched field by field while the call goes on (server order, last
 * writer wins per field), and finalised against the full schema of its call type
 * (`case-finalise.ts`). Field keys are flat and unique across call types so a patch never
 * has to merge nested objects.
 */

/** The four call types that carry data. */
export const CALL_TYPES = ['consultation', 'freeze-inquiry', 'fraud-report', 'counselling'] as const;
export type CallType = (typeof CALL_TYPES)[number];
/** `unclassified` until the call-taker picks a type (or closes it with a non-data disposition). */
export const CaseCallTypeSchema = z.enum([...CALL_TYPES, 'unclassified']);
export type CaseCallType = z.infer<typeof CaseCallTypeSchema>;

/** One-click closings of calls that carry no data. */
export const NON_DATA_DISPOSITIONS = ['silent', 'hung-up', 'wrong-number', 'prank-abuse', 'test', 'transferred-110'] as const;
/** How a data call ended. */
export const DATA_DISPOSITIONS = ['resolved', 'referred', 'escalated', 'callback'] as const;
export const DispositionSchema = z.enum([...DATA_DISPOSITIONS, ...NON_DATA_DISPOSITIONS]);
export type Disposition = z.infer<typeof DispositionSchema>;
export const isNonDataDisposition = (d: string | null | undefined): boolean => (NON_DATA_DISPOSITIONS as readonly string[]).includes(d ?? '');

export const CONTACT_CHANNELS = ['phone', 'sms', 'link', 'app', 'social'] as const;
export const EXPOSURES = ['codes', 'card', 'password', 'screen-sharing', 'unknown-app'] as const;
export const REFERRALS = ['anti-fraud-app', 'one-id-check', 'unionpay-card-check', 'anti-fraud-card', 'police-110', 'bank', 'authority', 'mental-health', 'other'] as const;
export const IDENTITY_CHECKS = ['id-number-read-back', 'callback-to-registered-number', 'in-person', 'not-verified'] as const;
export const ACCOUNT_TYPES = ['debit-card', 'credit-card', 'payment-account', 'securities', 'other'] as const;
export const FREEZE_SYMPTOMS = ['cannot-transfer-out', 'cannot-receive', 'fully-frozen', 'card-closed', 'other'] as const;
export const FUNDS_ROLES = ['victim', 'payee', 'unknown'] as const;
export const FREEZE_GUIDANCE = ['contact-authority', 'documents', 'unfreezing-fee-scam', 'recovery-service-scam'] as const;
export const ESCALATIONS = ['none', 'callback', 'supervisor', 'authority'] as const;
export const REPORTER_ROLES = ['victim', 'relative', 'witness', 'other'] as const;
export const IDENTIFIER_KINDS = ['phone', 'url', 'app', 'social', 'payee-account'] as const;
export const TRANSFER_CHANNELS = ['bank', 'alipay', 'wechat-pay', 'unionpay', 'crypto', 'cash', 'other'] as const;
export const RISK_ESCALATIONS = ['110', 'crisis-hotline', 'supervisor'] as const;

const text = (max = 4000) => safeText().max(max);
const MASKED_ACCOUNT = /^[0-9]{0,6}\*{2,}[0-9]{0,4}$/;

export const FraudsterIdentifierSchema = z.object({ kind: z.enum(IDENTIFIER_KINDS), value: safeText().trim().min(1).max(256) });
export const TransferSchema = z.object({
  at: EpochMsSchema.nullable(),
  /** Yuan, as told by the reporter. */
  amount: z.number().nonnegative().max(1e12),
  from: text(128),
  to: text(128),
  channel: z.enum(TRANSFER_CHANNELS),
});
export type Transfer = z.infer<typeof TransferSchema>;

/** Every case field, all optional: the draft schema. Types are checked, presence is not. */
export const CaseFieldsSchema = z
  .object({
    // common (call facts copied from the call record, so a case reads on its own)
    direction: CallDirectionSchema,
    dialedNumber: PhoneNumberSchema,
    startedAt: EpochMsSchema,
    answeredAt: EpochMsSchema.nullable(),
    endedAt: EpochMsSchema.nullable(),
    talkSeconds: z.number().int().nonnegative().max(86_400),
    notes: text(20_000),
    templatesUsed: z.array(safeText().max(64)).max(100),
    // consultation
    situation: text(),
    contactChannels: z.array(z.enum(CONTACT_CHANNELS)).max(CONTACT_CHANNELS.length),
    contactIdentifiers: text(1000),
    moneySent: z.boolean(),
    exposed: z.array(z.enum(EXPOSURES)).max(EXPOSURES.length),
    advice: text(),
    referrals: z.array(z.enum(REFERRALS)).max(REFERRALS.length),
    // freeze inquiry
    callerName: text(64),
    identityCheck: z.enum(IDENTITY_CHECKS),
    institution: text(64),
    accountType: z.enum(ACCOUNT_TYPES),
    /** Never the full number: e.g. `622202******1234`. */
    accountNumberMasked: safeText().regex(MASKED_ACCOUNT, { message: 'masked-account' }),
    symptom: z.enum(FREEZE_SYMPTOMS),
    lookupResultRef: text(128),
    fundsRole: z.enum(FUNDS_ROLES),
    /** The picked look-up result (freeze record id) the fields below were filled from. */
    freezeRecordId: UuidSchema,
    /** The authority that applied the measure, and the phone the caller is told to ring. */
    authority: text(128),
    authorityPhone: text(32),
    measureType: MeasureTypeSchema,
    guidance: z.array(z.enum(FREEZE_GUIDANCE)).max(FREEZE_GUIDANCE.length),
    escalation: z.enum(ESCALATIONS),
    // fraud report
    reporterName: text(64),
    reporterRole: z.enum(REPORTER_ROLES),
    fraudsterIdentifiers: z.array(FraudsterIdentifierSchema).max(50),
    transfers: z.array(TransferSchema).max(200),
    totalLoss: z.number().nonnegative().max(1e12),
    minutesSinceLastTransfer: z.number().int().nonnegative().max(1e7),
    routed110: z.boolean(),
    stopPaymentRequested: z.boolean(),
    receiptNumber: text(64),
    // counselling
    presentingIssue: text(),
    loss: z.number().nonnegative().max(1e12),
    riskDesire: z.boolean(),
    riskCapability: z.boolean(),
    riskIntent: z.boolean(),
    riskBuffers: text(1000),
    riskEscalation: z.enum(RISK_ESCALATIONS),
    moodStart: z.number().int().min(1).max(5),
    moodEnd: z.number().int().min(1).max(5),
    followUp: text(1000),
  })
  .partial()
  .strict();
export type CaseFields = z.infer<typeof CaseFieldsSchema>;
export type CaseFieldKey = keyof CaseFields;

/** Which fields each call type shows (common fields are shown for every type). */
export const SECTION_FIELDS: Record<CallType, CaseFieldKey[]> = {
  consultation: ['situation', 'contactChannels', 'contactIdentifiers', 'moneySent', 'exposed', 'advice', 'referrals'],
  'freeze-inquiry': ['callerName', 'identityCheck', 'institution', 'accountType', 'accountNumberMasked', 'symptom', 'lookupResultRef', 'fundsRole', 'guidance', 'escalation', 'freezeRecordId', 'authority', 'authorityPhone', 'measureType'],
  'fraud-report': ['reporterName', 'reporterRole', 'fraudsterIdentifiers', 'transfers', 'totalLoss', 'minutesSinceLastTransfer', 'routed110', 'stopPaymentRequested', 'receiptNumber'],
  counselling: ['presentingIssue', 'loss', 'riskDesire', 'riskCapability', 'riskIntent', 'riskBuffers', 'riskEscalation', 'moodStart', 'moodEnd', 'referrals', 'followUp'],
};

/**
 * Imminent risk in the counselling screen: stated intent together with either the desire or
 * the capability. The UI raises the escalation alert and finalising requires an escalation.
 */
export function isImminentRisk(fields: CaseFields): boolean {
  return fields.riskIntent === true && (fields.riskDesire === true || fields.riskCapability === true);
}

/** `case.open`: a draft, usually on answer, bound to the call record (and so to its SIP Call-ID). */
export const CaseOpenSchema = z.object({
  id: UuidSchema,
  callRecordId: UuidSchema.nullable(),
  /** Normalised caller number (E.164 when valid), for history look-ups. */
  callerNumber: safeText().max(40).nullable(),
  callType: CaseCallTypeSchema,
  createdAt: EpochMsSchema,
  fields: CaseFieldsSchema,
});
export type CaseOpen = z.infer<typeof CaseOpenSchema>;

/** `case.setFields`: a per-field patch; absent keys are left alone, `null` clears a column. */
export const CaseSetFieldsSchema = z.object({
  caseId: UuidSchema,
  callType: CaseCallTypeSchema.optional(),
  disposition: DispositionSchema.nullable().optional(),
  fraudType: FraudTypeSchema.nullable().optional(),
  fields: CaseFieldsSchema,
});
export type CaseSetFields = z.infer<typeof CaseSetFieldsSchema>;

/** `case.finalise`: the server validates the merged case with the finalise rules. */
export const CaseFinaliseSchema = z.object({ caseId: UuidSchema, finalisedAt: EpochMsSchema });
export type CaseFinalise = z.infer<typeof CaseFinaliseSchema>;

/** A case as pulled and as kept by the server. */
export const CaseSchema = z.object({
  id: UuidSchema,
  callRecordId: UuidSchema.nullable(),
  callerNumber: safeText().max(40).nullable(),
  callType: CaseCallTypeSchema,
  status: z.enum(['draft', 'final']),
  disposition: DispositionSchema.nullable(),
  fraudType: FraudTypeSchema.nullable(),
  fields: CaseFieldsSchema,
  createdAt: EpochMsSchema,
  finalisedAt: EpochMsSchema.nullable(),
});
export type Case = z.infer<typeof CaseSchema>;
