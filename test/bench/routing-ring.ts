// What routing costs a caller (issue 16): the caller's INVITE (sent over loopback, so at the
// PBX within a millisecond) → ringing visible at the agent the record store chose, median of
// `calls`, beside the same figure with routing off (ring-all: 96110 forks to every agent).
// The caller gives up before an answer, so the agents stay ready and every call is a fresh
// decision. SIP auth is off in both stacks so the figure is the routing's alone. Prints; asserts nothing.
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { freePort } from '../rig/process';
import { startStack, type Stack } from '../rig/stack';
import { row } from './stats';

const AGENTS = ['agent1001', 'agent1002'];

/** Returns printable lines: routed and ring-all INVITE → ringing visible. */
export async function benchRoutingRing(calls: number): Promise<string[]> {
  const routed = await measure(calls, true);
  const ringAll = await measure(calls, false);
  return [
    `96110 call offer, ${calls} calls each (caller simulator → Kamailio → workstation in Chromium, 2 agents ready):`,
    row('  routed: INVITE → ringing at chosen agent', routed),
    row('  ring-all: INVITE → ringing at an agent', ringAll),
  ];
}

async function measure(calls: number, routing: boolean): Promise<number[]> {
  const storePort = await freePort();
  const stack = await startStack({
    rtpengine: false,
    sipAuth: false,
    recordStorePort: storePort,
    ...(routing ? { kamailio: { routingUrl: `http://127.0.0.1:${storePort}/api/v1/routing` } } : {}),
  });
  const browsers: Browser[] = [];
  try {
    const agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
    const callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
    browsers.push(agentBrowser, callerBrowser);
    const agents: Page[] = [];
    for (const user of AGENTS) agents.push(await signIn(await (await agentBrowser.newContext()).newPage(), stack, user));
    const caller = await callerBrowser.newPage();
    await caller.goto(stack.callerUrl());
    await caller.evaluate(() => window.caller.register('13800138000'));
    // Let the ready states reach the record store before the first routed call.
    await caller.waitForTimeout(2000);
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      for (const agent of agents) await agent.evaluate(() => performance.clearMarks());
      await caller.evaluate(() => window.caller.call('96110'));
      const ringing = await Promise.any(agents.map((agent) => agent.getByTestId('call-card').waitFor({ timeout: 20_000 }).then(() => agent)));
      await ringing.waitForFunction(() => performance.getEntriesByName('hd:ringing-visible').length > 0, undefined, { timeout: 5000 });
      // Epoch clocks of two processes on one machine.
      const visibleAt = await ringing.evaluate(() => performance.timeOrigin + (performance.getEntriesByName('hd:ringing-visible')[0]?.startTime ?? Number.NaN));
      const sentAt = await caller.evaluate(() => performance.timeOrigin + (window.caller.timings().inviteSent ?? Number.NaN));
      samples.push(visibleAt - sentAt);
      await caller.evaluate(() => window.caller.hangup());
      for (const agent of agents) await agent.getByTestId('call-card').waitFor({ state: 'detached', timeout: 10_000 });
      await caller.waitForFunction(() => window.caller.state() === 'ended', undefined, { timeout: 10_000 });
    }
    return samples;
  } finally {
    for (const browser of browsers) await browser.close();
    await stack.stop();
  }
}

async function signIn(page: Page, stack: Stack, user: string): Promise<Page> {
  await page.goto(stack.workstationUrl());
  await page.getByLabel('工号').fill(user);
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('registration').and(page.locator('[data-state=registered]')).waitFor({ timeout: 60_000 });
  return page;
}
