import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';
import { signIn } from './helpers';

// A shared desk (issue 15): two shifts use one browser profile. agent1001 takes a call, opens
// its case and writes a note, and signs out; agent1002 (same unit, so the record store's pull
// legitimately brings the unit's records to this desk) signs in on the same browser context
// and must not see agent1001's call among their recent calls, nor the note; agent1001 signs
// back in and finds everything as they left it.

const NOTE = '第一班：来电人称收到冒充客服退款短信，已提示勿点链接';
const CALLER = '13600136015';

let stack: Stack;
let agentBrowser: Browser;
let callerBrowser: Browser;
let context: BrowserContext;
let caller: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  stack = await startStack();
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  context = await agentBrowser.newContext();
  caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate((number) => window.caller.register(number), CALLER);
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await stack?.stop();
});

/** Call ids (local record ids) of every call record in the named user's own database, read with the raw API. */
function callRecordIdsIn(page: Page, dbName: string): Promise<string[]> {
  return page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((d) => d.name === name)) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      return await new Promise<string[]>((resolve, reject) => {
        const req = db.transaction('callRecords').objectStore('callRecords').getAllKeys();
        req.onsuccess = () => resolve(req.result as string[]);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  }, dbName);
}

/** The IndexedDB database names the workstation made (one per user). */
const deskDatabases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('hotline-desk-')));

async function signOut(page: Page): Promise<void> {
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  await page.getByTestId('sign-out').click();
  await expect(page.getByLabel('工号')).toBeVisible();
}

test("a colleague signing in on the same browser sees none of the previous agent's calls or notes; the agent gets them back", async () => {
  test.setTimeout(120_000);
  const page = await context.newPage();

  // Shift 1: agent1001 answers, writes a note, the caller hangs up.
  await signIn(page, stack.workstationUrl(), 'agent1001');
  const before = await deskDatabases(page);
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(page.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
  await page.keyboard.press('Alt+A');
  await expect(page.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  await page.getByTestId('note-input').fill(NOTE);
  await page.getByTestId('note-input').press('Control+Enter');
  await expect(page.getByTestId('note-segment').filter({ hasText: NOTE })).toHaveCount(1);
  await caller.evaluate(() => window.caller.hangup());
  await expect(page.getByTestId('call-card')).toHaveCount(0);
  const row = page.getByTestId('history-row').first();
  await expect(row).toContainText(CALLER);
  const recordId = (await row.getAttribute('data-record-id'))!;
  const firstDb = (await deskDatabases(page)).find((n) => !before.includes(n)) ?? before[0]!;
  await signOut(page);

  // Shift 2: agent1002, same browser context, same unit.
  await signIn(page, stack.workstationUrl(), 'agent1002');
  const secondDb = (await deskDatabases(page)).find((n) => n !== firstDb)!;
  expect(secondDb).toBeTruthy();
  // Wait until the unit's pull has brought agent1001's call record into agent1002's database:
  // from here on, showing it would be the leak.
  await expect.poll(() => callRecordIdsIn(page, secondDb), { timeout: 30_000 }).toContain(recordId);
  await expect(page.getByTestId('call-history')).toBeVisible();
  await expect(page.getByTestId('history-row')).toHaveCount(0);
  await expect(page.getByText(CALLER)).toHaveCount(0);
  await expect(page.getByText(NOTE)).toHaveCount(0);
  // Nothing of agent1001's journal was replayed into agent1002's outbox: nothing to push.
  await expect(page.getByTestId('status-bar')).toHaveAttribute('data-pending', '0');
  await signOut(page);

  // Shift 1 again: agent1001's recent call is back.
  await signIn(page, stack.workstationUrl(), 'agent1001');
  await expect(page.locator(`[data-testid="history-row"][data-record-id="${recordId}"]`)).toHaveCount(1);
  await page.close();
});
