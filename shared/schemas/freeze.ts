import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { EpochMsSchema, UuidSchema } from './ids';

/**
 * Freeze records and look-ups (domain.md: 冻结查询). A freeze record is server-owned:
 * ingested from the authorities' batches, read-only on clients, masked by default.
 */

/** The measure on the account: 保护性止付, 紧急止付, 冻结, 银行风控. */
export const MeasureTypeSchema = z.enum(['protective-stop-payment', 'emergency-stop-payment', 'freeze', 'bank-risk-control']);
export type MeasureType = z.infer<typeof MeasureTypeSchema>;

/** Whether the holder is a fraud victim (受害人) or received fraud funds (涉案资金收款方). */
export const HolderRoleSchema = z.enum(['victim', 'payee']);
export type HolderRole = z.infer<typeof HolderRoleSchema>;

export const FreezeStatusSchema = z.enum(['active', 'released', 'expired']);
export type FreezeStatus = z.infer<typeof FreezeStatusSchema>;

/** Bank card or bank account (对公/对私), or a payment institution's account (支付宝、微信支付…). */
export const AccountKindSchema = z.enum(['bank-card', 'bank-account', 'payment-account']);
export type AccountKind = z.infer<typeof AccountKindSchema>;

/** Fields that are personal data: masked in every answer unless revealed (audited). */
export const REVEALABLE_FIELDS = ['holderName', 'idNumber', 'phone', 'accountNumber'] as const;
export const RevealableFieldSchema = z.enum(REVEALABLE_FIELDS);
export type RevealableField = z.infer<typeof RevealableFieldSchema>;

/**
 * One row of an ingest batch (CSV columns have the same names). `source` + `sourceId`
 * identify the row at its origin; re-ingesting the same pair updates, never duplicates.
 */
export const FreezeRecordInputSchema = z.object({
  source: safeText().trim().min(1).max(64),
  sourceId: safeText().trim().min(1).max(128),
  holderName: safeText().trim().min(1).max(64),
  /** Resident ID or other identity document number; optional for payment accounts. */
  idNumber: safeText().trim().max(32).optional(),
  phone: safeText().trim().max(32).optional(),
  accountKind: AccountKindSchema,
  /** Card or account number, digits (payment accounts may be e-mail/phone-like identifiers). */
  accountNumber: safeText().trim().min(4).max(64),
  /** Bank or payment institution, e.g. 中国工商银行, 支付宝. */
  institution: safeText().trim().min(1).max(64),
  measureType: MeasureTypeSchema,
  /** The authority that applied the measure (e.g. 深圳市公安局南山分局). */
  authority: safeText().trim().min(1).max(128),
  authorityPhone: safeText().trim().min(3).max(32),
  noticeNumber: safeText().trim().min(1).max(64),
  startsAt: EpochMsSchema,
  expiresAt: EpochMsSchema.optional(),
  holderRole: HolderRoleSchema,
  status: FreezeStatusSchema.default('active'),
});
export type FreezeRecordInput = z.infer<typeof FreezeRecordInputSchema>;

/** `POST /api/v1/ingest/freeze-records` (JSON); CSV uses `text/csv` with the same columns. */
export const FreezeIngestRequestSchema = z.object({ records: z.array(z.unknown()).min(1).max(5000) });

/** One row's outcome: created, updated, unchanged, or an error naming the fields. */
export const IngestRowResultSchema = z.object({
  /** 1-based row (CSV: data row, header excluded). */
  row: z.number().int(),
  sourceId: safeText().optional(),
  status: z.enum(['created', 'updated', 'unchanged', 'error']),
  errors: z.array(z.object({ field: safeText(), message: safeText() })).optional(),
});
export const IngestResponseSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  rows: z.array(IngestRowResultSchema),
});
export type IngestResponse = z.infer<typeof IngestResponseSchema>;

/** How a look-up searches. `name` needs the last digits of an account or ID number too. */
export const LookupBySchema = z.enum(['account', 'idNumber', 'phone', 'name']);
export type LookupBy = z.infer<typeof LookupBySchema>;

export const FreezeLookupRequestSchema = z
  .object({
    by: LookupBySchema,
    value: safeText().trim().min(2).max(64),
    /** With `by: 'name'`: the last 4-6 digits of the card/account or ID number. */
    partialNumber: z
      .string()
      .trim()
      .regex(/^[0-9Xx]{4,6}$/)
      .optional(),
    /** The case this look-up is made for (audit context). */
    caseId: UuidSchema.optional(),
  })
  .refine((r) => r.by !== 'name' || r.partialNumber !== undefined, { path: ['partialNumber'], message: 'required-with-name' });
export type FreezeLookupRequest = z.infer<typeof FreezeLookupRequestSchema>;

/** A freeze record as clients see it: personal fields masked unless revealed. */
export const FreezeRecordViewSchema = z.object({
  id: UuidSchema,
  holderName: safeText(),
  idNumber: safeText().nullable(),
  phone: safeText().nullable(),
  accountKind: AccountKindSchema,
  accountNumber: safeText(),
  institution: safeText(),
  measureType: MeasureTypeSchema,
  authority: safeText(),
  /** Not masked: the caller is told to ring the authority. */
  authorityPhone: safeText(),
  noticeNumber: safeText(),
  startsAt: z.number().int(),
  expiresAt: z.number().int().nullable(),
  holderRole: HolderRoleSchema,
  status: FreezeStatusSchema,
  /** True: personal fields above are masked. */
  masked: z.boolean(),
});
export type FreezeRecordView = z.infer<typeof FreezeRecordViewSchema>;

export const FreezeLookupResponseSchema = z.object({
  results: z.array(FreezeRecordViewSchema),
  /** Server clock of the answer, so an offline cache can show its age. */
  at: z.number().int(),
  /** More matches exist than were returned (the query should be narrowed). */
  truncated: z.boolean(),
});
export type FreezeLookupResponse = z.infer<typeof FreezeLookupResponseSchema>;

/** `POST /api/v1/freeze-records/:id/reveal`: one field, with a reason that goes to the audit trail. */
export const RevealRequestSchema = z.object({
  field: RevealableFieldSchema,
  reason: safeText().trim().min(4).max(200),
  caseId: UuidSchema.optional(),
});
export type RevealRequest = z.infer<typeof RevealRequestSchema>;
export const RevealResponseSchema = z.object({ field: RevealableFieldSchema, value: safeText().nullable() });
export type RevealResponse = z.infer<typeof RevealResponseSchema>;
