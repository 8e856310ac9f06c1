import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';

// The demo's caller simulator must keep working while a newcomer reads the README: after the
// PBX drops its WebSocket it says so, re-registers by itself, and a failed call says why.
let stack: Stack;
let browser: Browser;
let caller: Page;

test.beforeAll(async () => {
  stack = await startStack();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs() });
});

test.afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('registers by itself, shows reconnecting while the PBX is down, re-registers, and names a call failure', async () => {
  caller = await browser.newPage();
  await caller.goto(stack.callerUrl('14700000012'));
  const reg = caller.locator('#reg');
  await expect(reg).toHaveAttribute('data-state', 'registered');
  await expect(reg).toHaveText('registered as 14700000012');

  // The PBX dies: the page must not keep saying "registered".
  await stack.kamailio.crash();
  await expect(reg).toHaveAttribute('data-state', /reconnecting|registering/);
  await expect(reg).toContainText('WebSocket');
  expect(await caller.evaluate(() => window.caller.registered())).toBe(false);

  // It comes back (empty location table, as after a real restart): the simulator registers
  // again within the capped backoff (8 s) without anyone pressing Register.
  await stack.kamailio.restart();
  await expect(reg).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });

  // And it is really known to the PBX again: a call to an extension nobody registered fails
  // at once with the PBX's status and reason, shown on the page.
  await caller.locator('#target').fill('1999');
  await caller.locator('#call').click();
  await expect.poll(() => caller.evaluate(() => window.caller.state())).toBe('ended');
  const reason = await caller.evaluate(() => window.caller.lastReason());
  expect(reason).toMatch(/^4\d\d \S/);
  await expect(caller.locator('#state')).toHaveText(`ended: ${reason}`);
});
