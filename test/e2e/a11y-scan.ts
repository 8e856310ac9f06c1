import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** One axe-core finding, short enough to read in a failure message. */
export interface A11yFinding {
  screen: string;
  id: string;
  impact: string;
  nodes: string[];
}

/**
 * Scans the page against WCAG 2.1 A/AA with axe-core and answers the critical and serious
 * violations (issue 17's bar: none on the main screens), each with a few of its elements.
 */
export async function seriousA11yViolations(page: Page, screen: string): Promise<A11yFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({ screen, id: v.id, impact: v.impact ?? '', nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`) }));
}
