import { chromium, expect, test, type Browser } from '@playwright/test';
import { measureTone } from '../rig/caller/tone';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';
import { signIn } from './helpers';

// The phone over WebSocket-over-TLS (wss://), as production PBXs require. The dev PBX's
// certificate is self-signed, so this test's browser is told to accept it.
let stack: Stack;
let agentBrowser: Browser;
let callerBrowser: Browser;

test.beforeAll(async () => {
  stack = await startStack({ kamailio: { wss: true } });
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: [...chromiumArgs(880), '--ignore-certificate-errors'] });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await stack?.stop();
});

test('the workstation registers over wss:// and takes a call with audio', async () => {
  const wssUrl = stack.kamailio.wssUrl!;
  expect(wssUrl).toMatch(/^wss:\/\//);
  const agent = await agentBrowser.newPage();
  await signIn(agent, stack.workstationUrl().replace(encodeURIComponent(stack.kamailio.wsUrl), encodeURIComponent(wssUrl)), 'agent1003');
  expect(await agent.evaluate(() => location.search)).toContain(encodeURIComponent('wss://'));

  const caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate(() => window.caller.register('13500135000'));
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
  await agent.keyboard.press('Alt+A');
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  expect(Math.abs((await agent.evaluate(measureTone, 'audio[data-role="remote-audio"]')).hz - 440)).toBeLessThan(15);
  await caller.evaluate(() => window.caller.hangup());
  await expect(agent.getByTestId('call-card')).toHaveCount(0);
});
