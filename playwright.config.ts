import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the workstation in browser mode against the real stack (Kamailio,
 * record store on PostgreSQL/PGlite, caller simulator in its own Chromium). Browsers are
 * launched by the specs with Debian's Chromium (test/rig/chromium.ts). Run inside a
 * loopback-only network namespace by scripts/test.sh.
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: { trace: 'retain-on-failure' },
});
