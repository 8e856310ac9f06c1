import type { FraudType, Template, TemplateScenario } from '@shared/schemas/template';

export interface TemplateFilter {
  scenario: TemplateScenario | null;
  fraudType: FraudType | null;
  query: string;
}

/**
 * Filters by scenario and fraud type (templates for every fraud type always match) and by
 * every word of the query in the title, body or keywords; title hits first, then by title.
 */
export function searchTemplates(templates: readonly Template[], filter: TemplateFilter): Template[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  const scored: Array<{ t: Template; score: number }> = [];
  for (const t of templates) {
    if (!t.active) continue;
    if (filter.scenario && t.scenario !== filter.scenario) continue;
    if (filter.fraudType && t.fraudType !== null && t.fraudType !== filter.fraudType) continue;
    const title = t.title.toLowerCase();
    const haystack = `${title}\n${t.body.toLowerCase()}\n${t.keywords.join('\n').toLowerCase()}`;
    if (!words.every((w) => haystack.includes(w))) continue;
    const titleHits = words.filter((w) => title.includes(w)).length;
    // A template made for the chosen fraud type ranks above a general one.
    const exactType = filter.fraudType !== null && t.fraudType === filter.fraudType ? 1 : 0;
    scored.push({ t, score: titleHits * 2 + exactType });
  }
  return scored.sort((a, b) => b.score - a.score || a.t.title.localeCompare(b.t.title, 'zh-CN')).map((s) => s.t);
}
