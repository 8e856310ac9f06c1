import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { freePort } from '../rig/process';
import { startStack, type Stack } from '../rig/stack';
import { startTcpProxy, type TcpProxy } from '../rig/tcp-proxy';
import { readStore } from './helpers';

// 96110 routed by agent state (issue 16): Kamailio asks the record store for the next ready
// agent (resources/pbx/routing.cfg), through a relay the last test closes (record store down).
const RING_MS = 8000;
/** The centre's wrap-up time for this spec (ROUTING_WRAP_UP_MS), short so the automatic return is quick. */
const WRAP_UP_MS = 3000;

let stack: Stack;
let proxy: TcpProxy;
let agentBrowser: Browser;
let callerBrowser: Browser;
const contexts: BrowserContext[] = [];
let a1: Page;
let a2: Page;
let caller: Page;
/** The supervisor (ext 1000, outside the ring group), signed in from the queue test on. */
let supervisor: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const storePort = await freePort();
  proxy = await startTcpProxy(storePort);
  // A short ring keeps the no-answer step quick; a short wrap-up the automatic return to ready.
  const recordStoreEnv = { ROUTING_RING_MS: String(RING_MS), ROUTING_WRAP_UP_MS: String(WRAP_UP_MS) };
  stack = await startStack({ rtpengine: false, recordStorePort: storePort, recordStoreEnv, kamailio: { routingUrl: `http://127.0.0.1:${proxy.port}/api/v1/routing` } });
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  for (const user of ['agent1001', 'agent1002']) {
    const context = await agentBrowser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    // Sign-in hashes the password (argon2): slow on a loaded 2-core machine, hence the long wait.
    await page.goto(stack.workstationUrl());
    await page.getByLabel('工号').fill(user);
    await page.getByLabel('密码').fill('demo1234');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('registration')).toHaveAttribute('data-state', 'registered', { timeout: 30_000 });
    if (user === 'agent1001') a1 = page;
    else a2 = page;
  }
  caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate(() => window.caller.register('13800138000'));
});

test.afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await agentBrowser?.close();
  await callerBrowser?.close();
  await stack?.stop();
  await proxy?.close();
});

const cards = (page: Page) => page.getByTestId('call-card');
/** The desk's own state in the footer (the supervisor's board has one per agent as well). */
const stateOf = (page: Page) => page.getByRole('contentinfo').getByTestId('agent-state');
/** Waits until the agent's state changes have reached the record store (the routing reads them there). */
async function synced(page: Page): Promise<void> {
  await expect.poll(async () => (await readStore(page, 'outbox')).length).toBe(0);
}
async function setNotReady(page: Page): Promise<void> {
  await page.getByTestId('agent-state-menu').click();
  await page.getByTestId('agent-state-not-ready-meal').click();
  await expect(stateOf(page)).toHaveAttribute('data-state', 'not-ready');
  await synced(page);
}
async function setReady(page: Page): Promise<void> {
  await page.getByTestId('agent-state-menu').click();
  await page.getByTestId('agent-state-ready').click();
  await expect(stateOf(page)).toHaveAttribute('data-state', 'ready');
  await synced(page);
}
/** The caller gives up and the line is free again. */
async function callerHangsUp(page: Page = caller): Promise<void> {
  await page.evaluate(() => window.caller.hangup());
  await expect.poll(() => page.evaluate(() => window.caller.state())).toBe('ended');
}

test('a not-ready agent never rings: the call reaches the ready one', async () => {
  await synced(a1);
  await synced(a2);
  await setNotReady(a1);
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(cards(a2)).toHaveAttribute('data-state', 'ringing');
  await a2.waitForTimeout(800);
  await expect(cards(a1)).toHaveCount(0);
  await callerHangsUp();
  // The CANCEL reaches the ringing agent at once (not only at the ring timeout).
  await expect(cards(a2)).toHaveCount(0, { timeout: 2000 });
});

test('longest idle rings first; an offer not answered in time moves on to the next agent', async () => {
  // A2 has been ready since sign-in; A1 becomes ready only now.
  await setReady(a1);
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(cards(a2)).toHaveAttribute('data-state', 'ringing');
  await expect(cards(a1)).toHaveCount(0);
  await callerHangsUp();
  // A2 pauses and comes back: now A1 has waited longest.
  await setNotReady(a2);
  await setReady(a2);
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(cards(a1)).toHaveAttribute('data-state', 'ringing');
  await expect(cards(a2)).toHaveCount(0);
  // A1 lets it ring out: the PBX asks again and A2 rings.
  await expect(cards(a2)).toHaveAttribute('data-state', 'ringing', { timeout: RING_MS + 5000 });
  await expect(cards(a1)).toHaveCount(0);
  await a2.keyboard.press('Alt+A');
  await expect(cards(a2)).toHaveAttribute('data-state', 'active');
  await callerHangsUp();
  await expect(a2.getByTestId('agent-state')).toHaveAttribute('data-state', 'after-call-work');
  await synced(a2);
});

test('with nobody ready the caller waits, and reaches the first agent who becomes ready; the supervisor sees it live', async () => {
  // The supervisor opens on the 班长视图, whose queue panel reads the queue every 1.5 s.
  const context = await agentBrowser.newContext({ viewport: { width: 1600, height: 1400 } });
  contexts.push(context);
  supervisor = await context.newPage();
  await supervisor.goto(stack.workstationUrl());
  await supervisor.getByLabel('工号').fill('super');
  await supervisor.getByLabel('密码').fill('demo1234');
  await supervisor.getByRole('button', { name: '登录' }).click();
  await expect(supervisor.getByTestId('queue-waiting')).toHaveText('0', { timeout: 30_000 });
  // A supervisor's desk starts 未就绪 · 班长值守 (their phone registered as 1000): not routed until they choose 就绪.
  await expect(supervisor.getByTestId('registration')).toHaveAttribute('data-state', 'registered', { timeout: 30_000 });
  await expect(stateOf(supervisor)).toHaveAttribute('data-reason', 'supervising');
  await synced(supervisor);
  await setNotReady(a1);
  // A2 is in after-call work: nobody may ring.
  await caller.evaluate(() => window.caller.call('96110'));
  // Held in the queue (the PBX rings back with its own 180), never refused; the supervisor sees the waiting caller.
  await expect(supervisor.getByTestId('queue-waiting')).toHaveText('1', { timeout: 4000 });
  await caller.waitForTimeout(2500);
  expect(await caller.evaluate(() => window.caller.state())).toBe('calling');
  await expect(supervisor.getByTestId('queue-longest')).not.toHaveText('—');
  await expect(cards(a1)).toHaveCount(0);
  await expect(cards(a2)).toHaveCount(0);
  await setReady(a1);
  await expect(cards(a1)).toHaveAttribute('data-state', 'ringing', { timeout: 5000 });
  await expect(cards(a2)).toHaveCount(0);
  await a1.keyboard.press('Alt+A');
  await expect(cards(a1)).toHaveAttribute('data-state', 'active');
  await expect(supervisor.getByTestId('queue-waiting')).toHaveText('0', { timeout: 4000 });
  await expect(cards(supervisor)).toHaveCount(0);
});

test('a caller who gives up in the queue is in the call-back list; one click calls back and closes it', async () => {
  const second = await callerBrowser.newPage();
  try {
    await second.goto(stack.callerUrl());
    await second.evaluate(() => window.caller.register('13900139000'));
    // A1 is on a call, A2 in after-call work: the caller is queued, then hangs up.
    await second.evaluate(() => window.caller.call('96110'));
    await second.waitForTimeout(2000);
    expect(await second.evaluate(() => window.caller.state())).toBe('calling');
    await callerHangsUp(second);
    const entry = a2.locator('[data-testid="callback-item"][data-number="13900139000"]');
    await expect(entry).toBeVisible({ timeout: 8000 });
    await expect(entry.getByTestId('callback-call')).toBeDisabled();
    // A2 saves the last call's disposition (one key) and is ready at once (Alt+G; the wrap-up may already be over).
    await a2.keyboard.press('Alt+1');
    await a2.keyboard.press('Alt+G');
    await expect(a2.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready');
    await entry.getByTestId('callback-call').click();
    await expect.poll(() => second.evaluate(() => window.caller.state())).toBe('ringing');
    await second.evaluate(() => window.caller.answer());
    await expect(cards(a2)).toHaveAttribute('data-state', 'active');
    await a2.keyboard.press('Alt+H');
    await expect(entry).toHaveCount(0, { timeout: 8000 });
  } finally {
    await second.close();
  }
});

test('after-call work ends by itself once the case is saved; two calls together reach two different ready agents, a supervisor only once 就绪', async () => {
  // A2 is in after-call work after the call-back, its countdown on screen, the case not saved yet.
  await expect(a2.getByTestId('wrap-up-countdown')).toBeVisible();
  await a2.keyboard.press('Alt+1');
  // No click: back to ready within the configured wrap-up (3 s, sent by the record store).
  await expect(a2.getByTestId('agent-state')).toHaveAttribute('data-state', 'ready', { timeout: WRAP_UP_MS + 3000 });
  await synced(a2);
  // The supervisor chooses 就绪 now, so A2 has waited longer.
  await setReady(supervisor);
  const callers = [await callerBrowser.newPage(), await callerBrowser.newPage()];
  try {
    for (const [i, page] of callers.entries()) {
      await page.goto(stack.callerUrl());
      await page.evaluate((n) => window.caller.register(n), `1390013900${i + 1}`);
    }
    await Promise.all(callers.map((page) => page.evaluate(() => window.caller.call('96110'))));
    await expect(cards(a2)).toHaveAttribute('data-state', 'ringing', { timeout: 5000 });
    await expect(cards(supervisor)).toHaveAttribute('data-state', 'ringing', { timeout: 5000 });
    await expect(cards(a2)).toHaveCount(1);
    await expect(cards(supervisor)).toHaveCount(1);
    await a2.keyboard.press('Alt+A');
    await supervisor.keyboard.press('Alt+A');
    await expect(cards(a2)).toHaveAttribute('data-state', 'active');
    await expect(cards(supervisor)).toHaveAttribute('data-state', 'active');
    for (const page of callers) await callerHangsUp(page);
  } finally {
    for (const page of callers) await page.close();
  }
  // After-call work again, for the centre's 3 s (not the 60 s default); Alt+X adds 30 s.
  const countdown = a2.getByTestId('wrap-up-countdown');
  await expect(a2.getByTestId('agent-state')).toHaveAttribute('data-state', 'after-call-work');
  // The countdown's clock ticks each second, so it may lag by one.
  expect(Number(await countdown.getAttribute('data-remaining-ms'))).toBeLessThanOrEqual(WRAP_UP_MS + 1000);
  await a2.keyboard.press('Alt+X');
  await expect.poll(async () => Number(await countdown.getAttribute('data-remaining-ms'))).toBeGreaterThan(20_000);
  await synced(a2);
});

test('record store unreachable: every registered agent rings, and one not ready declines (480)', async () => {
  await proxy.close();
  const second = await callerBrowser.newPage();
  try {
    await second.goto(stack.callerUrl());
    await second.evaluate(() => window.caller.register('13900139000'));
    await second.evaluate(() => window.caller.call('96110'));
    // A1 is on a call: the second caller comes in as call waiting; A2 (after-call work) declines.
    await expect(cards(a1)).toHaveCount(2);
    await expect(cards(a2)).toHaveCount(0);
    await callerHangsUp(second);
  } finally {
    await second.close();
  }
  await callerHangsUp();
});
