import type { TFunction } from 'i18next';
import type { FreezeRecordView, HolderRole } from '@shared/schemas/freeze';
import type { Template } from '@shared/schemas/template';

/** What placeholders can be filled from. */
export interface PlaceholderSources {
  freezeRecord: FreezeRecordView | null;
  callerNumber: string | null;
  agentName: string | null;
  /** The caller's name or form of address, from the case when it has one (issue 6 part A). */
  callerName?: string | null;
  /** For `today`; the current time when omitted. */
  now?: number;
}

/**
 * The values templates may name, e.g. `{{authorityPhone|当地公安机关}}`. Names (for template
 * authors): authority, authorityPhone, noticeNumber, institution, measureType, startsAt,
 * expiresAt, accountTail, callerNumber, callerName, agentName, today. Names nobody fills
 * (e.g. the starter set's `centreName`) read their fallback.
 */
export function placeholderContext(src: PlaceholderSources, t: TFunction, locale: string): Record<string, string | null> {
  const date = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric' }));
  const r = src.freezeRecord;
  return {
    authority: r?.authority ?? null,
    authorityPhone: r?.authorityPhone ?? null,
    noticeNumber: r?.noticeNumber ?? null,
    institution: r?.institution ?? null,
    measureType: r ? t(`lookup.measure.${r.measureType}`) : null,
    startsAt: date(r?.startsAt),
    expiresAt: date(r?.expiresAt),
    // The masked number keeps its last digits: safe to read back to the caller.
    accountTail: r ? (/(\d{4})\D*$/.exec(r.accountNumber)?.[1] ?? null) : null,
    callerNumber: src.callerNumber,
    callerName: src.callerName ?? null,
    agentName: src.agentName,
    today: date(src.now ?? Date.now()),
  };
}

/**
 * The guidance script for a freeze-inquiry caller: `freeze-inquiry.victim` or
 * `freeze-inquiry.payee`, else any freeze-inquiry script whose key names the role.
 */
export function guidanceTemplate(templates: readonly Template[], role: HolderRole): Template | null {
  const scripts = templates.filter((x) => x.active && x.channel === 'script' && x.scenario === 'freeze-inquiry');
  return scripts.find((x) => x.key === `freeze-inquiry.${role}`) ?? scripts.find((x) => x.key.split(/[.-]/).includes(role)) ?? null;
}
