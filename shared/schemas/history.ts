import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { validateResidentId } from '../validation/resident-id';
import { CaseCallTypeSchema, CaseFieldsSchema, DispositionSchema } from './case';
import { CASE_NUMBER_PATTERN, parseCaseNumber } from './case-number';
import { CallDirectionSchema } from './call-record';
import { FreezeRecordViewSchema } from './freeze';
import { EpochMsSchema, UuidSchema } from './ids';
import { FraudTypeSchema } from './template';
import { WarningGradeSchema, WarningStateSchema } from './warning';

/**
 * Caller history (issue 6): the screen-pop's linked records for a ringing number, and the
 * history search over cases. Both answers are scoped, masked and audited on the server.
 */

/** A caller's number as the PBX delivers it: digits with an optional `+`, 3-32 long. */
export const CallerNumberParamSchema = safeText().trim().regex(/^\+?[0-9]{3,32}$/, { message: 'phone-number' });

/** `GET /api/v1/screen-pop?number=…`. */
export const ScreenPopQuerySchema = z.object({ number: CallerNumberParamSchema });
export type ScreenPopQuery = z.infer<typeof ScreenPopQuerySchema>;

/** An open warning instruction whose person, or a relative reached for it, has the caller's number. */
export const ScreenPopWarningSchema = z.object({
  id: UuidSchema,
  grade: WarningGradeSchema,
  state: WarningStateSchema,
  fraudType: FraudTypeSchema,
  /** Masked (张*三). */
  personName: safeText(),
  issuedAt: z.number().int(),
  /** `person`: the instruction is about the caller; `relative`: the caller was contacted as a relative or friend. */
  matchedBy: z.enum(['person', 'relative']),
  /** The relative's relation (母亲, 同事…) when matched as a relative. */
  relation: safeText().nullable(),
});
export type ScreenPopWarning = z.infer<typeof ScreenPopWarningSchema>;

export const ScreenPopResponseSchema = z.object({
  warnings: z.array(ScreenPopWarningSchema),
  warningsTruncated: z.boolean(),
  /** Freeze records whose phone is the caller's number (masked; not org-scoped). */
  freezes: z.array(FreezeRecordViewSchema),
  freezesTruncated: z.boolean(),
  /** Server clock of the answer. */
  at: z.number().int(),
});
export type ScreenPopResponse = z.infer<typeof ScreenPopResponseSchema>;

/** Most rows one history page returns. */
export const HISTORY_LIMIT_MAX = 100;
export const HISTORY_LIMIT_DEFAULT = 30;

/** Opaque keyset cursor: `createdAt:id` of the last row of the previous page. */
const CURSOR = /^[0-9]{1,16}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const epochParam = z
  .string()
  .regex(/^[0-9]{1,16}$/, { message: 'epoch-ms' })
  .transform(Number)
  .pipe(EpochMsSchema);

/**
 * The history search as typed (all strings, so the same schema validates the UI's fields and
 * the server's query string). At least one criterion; a number may be a tail of 4+ digits.
 */
export const HistorySearchQuerySchema = z
  .object({
    number: safeText().trim().regex(/^\+?[0-9]{4,20}$/, { message: 'phone-number' }).optional(),
    caseNumber: safeText().trim().regex(CASE_NUMBER_PATTERN, { message: 'case-number' }).refine((v) => parseCaseNumber(v) !== null, { message: 'case-number' }).optional(),
    idNumber: z
      .string()
      .trim()
      .refine((v) => validateResidentId(v).valid, { message: 'id-number' })
      .optional(),
    /** Epoch ms, inclusive. */
    from: epochParam.optional(),
    /** Epoch ms, exclusive. */
    to: epochParam.optional(),
    limit: z
      .string()
      .regex(/^[0-9]{1,3}$/, { message: 'limit' })
      .transform(Number)
      .pipe(z.number().int().min(1).max(HISTORY_LIMIT_MAX))
      .optional(),
    cursor: safeText().regex(CURSOR, { message: 'cursor' }).optional(),
  })
  .refine((q) => q.number !== undefined || q.caseNumber !== undefined || q.idNumber !== undefined || q.from !== undefined || q.to !== undefined, {
    path: ['criteria'],
    message: 'criteria-required',
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { path: ['to'], message: 'range-order' });
export type HistorySearchInput = z.input<typeof HistorySearchQuerySchema>;
export type HistorySearchQuery = z.output<typeof HistorySearchQuerySchema>;

/** Why a row was found: its number, its case number, or a resident ID linked to its number. */
export const HistoryMatchSchema = z.enum(['number', 'case-number', 'id-number', 'date']);

/** One case in the history results: what the list shows and the read-only summary. */
export const HistoryItemSchema = z.object({
  caseId: UuidSchema,
  caseNumber: safeText(),
  callRecordId: UuidSchema.nullable(),
  callerNumber: safeText().nullable(),
  direction: CallDirectionSchema.nullable(),
  callType: CaseCallTypeSchema,
  disposition: DispositionSchema.nullable(),
  fraudType: FraudTypeSchema.nullable(),
  status: z.enum(['draft', 'final']),
  createdAt: EpochMsSchema,
  finalisedAt: EpochMsSchema.nullable(),
  fields: CaseFieldsSchema,
  matchedBy: HistoryMatchSchema,
  /** With an ID-number search: the ID number (masked) the row was linked through. */
  idNumberMasked: safeText().nullable(),
});
export type HistoryItem = z.infer<typeof HistoryItemSchema>;

export const HistorySearchResponseSchema = z.object({
  items: z.array(HistoryItemSchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: safeText().nullable(),
  at: z.number().int(),
});
export type HistorySearchResponse = z.infer<typeof HistorySearchResponseSchema>;

/** Field-level problems of a typed search, keyed by field (`criteria` when nothing was given). */
export function historySearchErrors(input: HistorySearchInput): Record<string, string> {
  const parsed = HistorySearchQuerySchema.safeParse(input);
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'criteria')] ??= issue.message;
  return errors;
}
