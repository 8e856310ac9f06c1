// (c) of the browser-sync bench: the built web app (out/web) started cold, in a fresh Chromium
// process on a profile whose IndexedDB already holds the signed-in user's records.
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { freePort } from '../rig/process';
import { watchPageErrors } from './page-failure';
import { row } from './stats';

export interface ColdStartOptions {
  /** The static server serving /app/ (out/web) and /bench/ (the bench page) on one origin, so both see one IndexedDB. */
  webUrl: string;
  storeUrl: string;
  userId: string;
  records: number;
  /** The record store's end of log: the seeded database is "up to date" there. */
  cursor: number;
  runs: number;
  /** A Chromium user-data dir, reused by every run. */
  profile: string;
}

interface Sample {
  signInForm: number;
  submitToInteractive: number;
  login: number;
}

/**
 * Interactive means: the status bar shows the sync state, the call history lists rows read
 * from IndexedDB, and the dial box is enabled and takes focus. Sign-in cannot be skipped: the
 * browser host keeps no session across a restart (the token lives in session storage), so
 * every cold start is: sign-in form → login → open the user's database → workstation.
 */
async function oneRun(page: Page, appUrl: string): Promise<Sample> {
  let login = Number.NaN;
  page.on('requestfinished', (request) => {
    if (request.url().endsWith('/api/v1/auth/login')) login = request.timing().responseEnd;
  });
  await page.addInitScript(() => {
    document.addEventListener('submit', () => ((window as unknown as { submitAt: number }).submitAt = performance.now()), true);
  });
  await page.goto(appUrl);
  // Times are the page's own clock (ms since navigation start), sampled every frame.
  const signInForm = (await (await page.waitForFunction(() => (document.querySelector('input[autocomplete=username]') ? performance.now() : false), undefined, { polling: 'raf', timeout: 60_000 })).jsonValue()) as number;
  await page.getByLabel('工号').fill('agent1001');
  await page.getByLabel('密码', { exact: true }).fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  const interactive = (await (
    await page.waitForFunction(
      () => {
        const dial = document.querySelector<HTMLInputElement>('[data-testid=dial-input]');
        if (!document.querySelector('[data-testid=status-bar]') || !document.querySelector('[data-testid=history-row]') || !dial || dial.disabled) return false;
        dial.focus();
        return document.activeElement === dial ? performance.now() : false;
      },
      undefined,
      { polling: 'raf', timeout: 120_000 },
    )
  ).jsonValue()) as number;
  const submitAt = await page.evaluate(() => (window as unknown as { submitAt: number }).submitAt);
  return { signInForm, submitToInteractive: interactive - submitAt, login };
}

/** Seeds the profile once, then starts the app cold `runs` times; returns printable lines. */
export async function coldStart(o: ColdStartOptions): Promise<string[]> {
  const launch = () => chromium.launchPersistentContext(o.profile, { executablePath: CHROMIUM, args: chromiumArgs() });
  const seedStart = performance.now();
  const seeding = await launch();
  let seeded: unknown;
  try {
    const page = seeding.pages()[0] ?? (await seeding.newPage());
    await page.goto(`${o.webUrl}/bench/`);
    await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 30_000 });
    seeded = await page.evaluate((s) => window.bench.seedLocal(s), { userId: o.userId, records: o.records, cursor: o.cursor });
  } finally {
    await seeding.close();
  }
  const seedMs = performance.now() - seedStart;
  // No PBX in this bench: the phone's registration fails in the background and does not gate the dial box.
  const appUrl = `${o.webUrl}/app/?${new URLSearchParams({ recordStore: o.storeUrl, sipWs: `ws://127.0.0.1:${await freePort()}`, sipDomain: '127.0.0.1', lang: 'zh-CN' })}`;
  const samples: Sample[] = [];
  for (let run = 0; run < o.runs; run++) {
    const context = await launch();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const watched = watchPageErrors(page);
      samples.push(await oneRun(page, appUrl).catch((error: unknown) => watched.fail(`cold start run ${run} never became interactive`, `hd-cold-start-failure-${run}.png`, error)));
    } finally {
      await context.close();
    }
  }
  return [
    `(c) cold start of the built web app (fresh Chromium process each run) with ${o.records} local records ${JSON.stringify(seeded)} (seeded in ${(seedMs / 1000).toFixed(1)} s)`,
    '  interactive = status bar shown, call history rows rendered from IndexedDB, dial box enabled and focused (page clock)',
    row('  navigation → sign-in form', samples.map((s) => s.signInForm)),
    row('  sign-in submit → workstation interactive', samples.map((s) => s.submitToInteractive)),
    row('    of which the login request', samples.map((s) => s.login)),
    row('  navigation → interactive (minus typing)', samples.map((s) => s.signInForm + s.submitToInteractive)),
  ];
}
