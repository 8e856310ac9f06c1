import { z } from 'zod';
import { safeText } from '../text/safe-text';
import { UuidSchema } from './ids';

/**
 * Conversation templates (话术) and SMS templates: server-owned, managed by admins with
 * versions, read-only on workstations (design.md §4).
 */

/**
 * Fraud types: the Ministry of Public Security's 2024 top ten, then the others the hotline
 * meets. Labels live in the i18n files under `fraudType.<key>`.
 */
export const FRAUD_TYPES = [
  'order-brushing-rebate', // 刷单返利
  'fake-investment', // 虚假网络投资理财
  'fake-shopping-service', // 虚假购物服务
  'fake-ecommerce-logistics-cs', // 冒充电商物流客服
  'fake-loan', // 虚假贷款
  'fake-credit-report', // 虚假征信
  'impersonating-leader-acquaintance', // 冒充领导熟人
  'impersonating-police-government', // 冒充公检法及政府机关
  'online-romance', // 网络婚恋交友
  'fake-game-trading', // 网络游戏产品虚假交易
  'online-gambling', // 网络赌博
  'cancel-campus-loan', // 注销校园贷
  'fake-unfreezing-recovery', // 虚假解冻、追损
  'other', // 其他
] as const;
export const FraudTypeSchema = z.enum(FRAUD_TYPES);
export type FraudType = z.infer<typeof FraudTypeSchema>;

/** When a template is used: the call type it serves, a warning call, or any call. */
export const TemplateScenarioSchema = z.enum(['general', 'consultation', 'freeze-inquiry', 'fraud-report', 'counselling', 'warning-call', 'referral']);
export type TemplateScenario = z.infer<typeof TemplateScenarioSchema>;

/** A script read aloud, or an SMS sent to a citizen (the 12381 rule applies to SMS). */
export const TemplateChannelSchema = z.enum(['script', 'sms']);
export type TemplateChannel = z.infer<typeof TemplateChannelSchema>;

/**
 * Placeholders in a body: `{{name}}` or `{{name|fallback}}`, e.g. `{{authorityPhone|当地公安机关}}`.
 * Names are letters/digits; the renderer fills them from the case and the look-up.
 */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*(?:\|([^}]*))?\}\}/g;

/** Numbers an SMS may contain (12381 rule: no call-back numbers except official ones). */
export const OFFICIAL_SMS_NUMBERS = ['96110', '110', '12381', '12321'] as const;

/** What an admin submits; a new version of `key` is created each time. */
export const TemplateInputSchema = z.object({
  /** Stable identity across versions, e.g. `freeze-inquiry.victim`. */
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,63}$/),
  channel: TemplateChannelSchema,
  scenario: TemplateScenarioSchema,
  /** Null: applies to every fraud type. */
  fraudType: FraudTypeSchema.nullable(),
  title: safeText().trim().min(1).max(80),
  body: safeText().trim().min(1).max(4000),
  /** Search words beyond title and body (pinyin initials, synonyms). */
  keywords: z.array(safeText().trim().min(1).max(32)).max(20).default([]),
  active: z.boolean().default(true),
});
export type TemplateInput = z.infer<typeof TemplateInputSchema>;

/** A template version as served to workstations. */
export const TemplateSchema = TemplateInputSchema.extend({
  id: UuidSchema,
  version: z.number().int().positive(),
  updatedAt: z.number().int(),
});
export type Template = z.infer<typeof TemplateSchema>;

/** `GET /api/v1/templates`: the latest active version of every key. */
export const TemplateListResponseSchema = z.object({ templates: z.array(TemplateSchema), at: z.number().int() });
export type TemplateListResponse = z.infer<typeof TemplateListResponseSchema>;

/**
 * The 12381 rule for SMS bodies: no links and no phone numbers other than the official
 * ones. Returns the problems found (empty when the body is acceptable).
 */
export function smsRuleViolations(body: string): Array<'link' | 'phone-number'> {
  const problems: Array<'link' | 'phone-number'> = [];
  if (/(https?:\/\/|www\.|\b[a-z0-9-]+\.(com|cn|net|org|top|xyz|vip|cc)\b)/i.test(body)) problems.push('link');
  const official = new Set<string>(OFFICIAL_SMS_NUMBERS);
  const numbers = body.match(/\d{3,}/g) ?? [];
  if (numbers.some((n) => n.length >= 5 && !official.has(n))) problems.push('phone-number');
  return problems;
}
