import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

/**
 * Keeps the page's last errors (console and uncaught) so a failed bench step can say what the
 * page showed and logged: a bare timeout from a long run is otherwise hard to reproduce.
 * `fail` saves a screenshot under the temp folder and throws `error` wrapped with both.
 */
export function watchPageErrors(page: Page): { fail(what: string, file: string, error: unknown): Promise<never> } {
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text().slice(0, 500))));
  page.on('pageerror', (e) => void errors.push(String(e).slice(0, 500)));
  return {
    async fail(what, file, error) {
      const shot = join(tmpdir(), file);
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${what} (screenshot ${shot}; page errors: ${JSON.stringify(errors.slice(-5))})`, { cause: error });
    },
  };
}
