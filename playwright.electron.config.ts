import { defineConfig } from '@playwright/test';

/**
 * The real-Electron suite: launches the built app (`npm run build` first) with Playwright's
 * `_electron` and checks the security baseline from the outside. It skips itself when the
 * Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD machines).
 */
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/electron.json' }]],
  use: { trace: 'retain-on-failure' },
});
