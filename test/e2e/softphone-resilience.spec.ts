import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { measureTone } from '../rig/caller/tone';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';
import { startTcpProxy, type TcpProxy } from '../rig/tcp-proxy';
import { readStore, signIn } from './helpers';

// The workstation reaches Kamailio through a TCP relay the test can cut, so a WebSocket
// drop mid-call is a real one. DTMF runs in SIP INFO mode here so the simulator can read
// the digits (browsers do not expose received RFC 4733 events).
const AGENT_TONE = 880;
const CALLER_TONE = 440;
const POLICE_TONE = 660;
const AGENT_EXT = '1003';
const CITIZEN = '13900139000';

let stack: Stack;
let proxy: TcpProxy;
let agentBrowser: Browser;
let callerBrowser: Browser;
let agent: Page;
let caller: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  stack = await startStack();
  proxy = await startTcpProxy(stack.kamailio.wsPort);
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(AGENT_TONE) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(CALLER_TONE) });
  agent = await agentBrowser.newPage();
  const url = new URL(stack.workstationUrl());
  url.searchParams.set('sipWs', `ws://127.0.0.1:${proxy.port}`);
  url.searchParams.set('dtmf', 'info');
  await signIn(agent, url.toString(), `agent${AGENT_EXT}`);
  caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate((n) => window.caller.register(n), CITIZEN);
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await proxy?.close();
  await stack?.stop();
});

const callerState = () => caller.evaluate(() => window.caller.state());
const agentHears = () => agent.evaluate(measureTone, 'audio[data-role="remote-audio"]');
const callerHears = () => caller.evaluate(() => window.caller.hears());
const near = (hz: number, expected: number) => Math.abs(hz - expected) < 15;

async function answeredCallFromCitizen(): Promise<void> {
  await caller.evaluate((ext) => window.caller.call(ext), AGENT_EXT);
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
  await agent.keyboard.press('Alt+A');
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  await expect.poll(callerState).toBe('active');
}

test('the WebSocket drops mid-call: the card says so, the phone re-registers, the call is refreshed with an ICE restart and keeps its audio', async () => {
  await answeredCallFromCitizen();
  expect(near((await agentHears()).hz, CALLER_TONE)).toBe(true);
  const ufragBefore = await caller.evaluate(() => window.caller.remoteIceUfrag());
  expect(ufragBefore).not.toBeNull();

  proxy.dropAll();
  await expect(agent.getByTestId('call-recovering')).toBeVisible();
  await expect(agent.getByTestId('registration')).toHaveAttribute('data-state', 'reconnecting');
  await expect(agent.getByTestId('registration')).toHaveAttribute('data-state', 'registered', { timeout: 10_000 });
  await expect(agent.getByTestId('call-recovering')).toHaveCount(0, { timeout: 10_000 });

  // The re-INVITE carried new ICE credentials and the call was never torn down.
  await expect.poll(() => caller.evaluate(() => window.caller.remoteIceUfrag())).not.toBe(ufragBefore);
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  expect(await callerState()).toBe('active');
  expect(near((await agentHears()).hz, CALLER_TONE)).toBe(true);
  expect(near((await callerHears()).hz, AGENT_TONE)).toBe(true);

  // In-dialog requests from the citizen reach the workstation over the new connection.
  await caller.evaluate(() => window.caller.hangup());
  await expect(agent.getByTestId('call-card')).toHaveCount(0);
  const records = await readStore(agent, 'callRecords');
  expect(records.filter((r) => r.endReason === 'remote-hangup')).toHaveLength(1);
});

test('DTMF keypad digits reach the other side (SIP INFO mode)', async () => {
  await answeredCallFromCitizen();
  for (const key of ['1', '2', '#']) await agent.getByTestId(`dtmf-${key}`).click();
  await expect.poll(() => caller.evaluate(() => window.caller.dtmfReceived())).toBe('12#');
  await agent.keyboard.press('Alt+H');
  await expect.poll(callerState).toBe('ended');
});

test('a live call shows a line-quality grade from WebRTC statistics', async () => {
  await answeredCallFromCitizen();
  const badge = agent.getByTestId('call-quality');
  await expect(badge).toBeVisible();
  // Loopback media: nothing lost, no delay, so the estimate must be at the top of the scale.
  await expect(badge).toHaveAttribute('data-grade', 'good');
  expect(Number(await badge.getAttribute('data-mos'))).toBeGreaterThan(4);
  await agent.keyboard.press('Alt+H');
  await expect.poll(callerState).toBe('ended');
});

test('attended transfer: the agent consults the police first, then hands the citizen over; they talk with audio', async () => {
  const policeBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(POLICE_TONE) });
  try {
    const police = await policeBrowser.newPage();
    await police.goto(stack.callerUrl());
    if (process.env.DEBUG_E2E) {
      for (const [name, page] of [['agent', agent], ['police', police], ['citizen', caller]] as const) page.on('console', (m) => console.log(name, m.type(), m.text().slice(0, 300)));
    }
    await police.evaluate(() => window.caller.register('110'));
    const policeState = () => police.evaluate(() => window.caller.state());
    await answeredCallFromCitizen();

    await agent.keyboard.press('Alt+T');
    await agent.getByTestId('transfer-target').fill('110');
    await agent.getByTestId('transfer-target').press('Shift+Enter');
    await expect.poll(policeState).toBe('ringing');
    // The citizen waits on hold while the agent briefs the police.
    await expect(agent.locator('[data-testid="hold"][data-held="true"]')).toHaveCount(1);
    await police.evaluate(() => window.caller.answer());
    await expect(agent.getByTestId('consult-note')).toBeVisible();
    await expect(agent.locator('[data-testid="call-card"][data-state="active"]')).toHaveCount(2);

    await agent.keyboard.press('Alt+T');
    await expect(agent.getByTestId('call-card')).toHaveCount(0, { timeout: 15_000 });
    await expect.poll(() => police.evaluate(() => window.caller.replaced())).toBe(1);
    await expect.poll(policeState).toBe('active');
    await expect.poll(callerState).toBe('active');
    expect(near((await callerHears()).hz, POLICE_TONE)).toBe(true);
    expect(near((await police.evaluate(() => window.caller.hears())).hz, CALLER_TONE)).toBe(true);

    // Both legs (citizen and consultation) are logged as transferred.
    await expect.poll(async () => (await readStore(agent, 'callRecords')).filter((r) => r.endReason === 'transferred').length).toBe(2);
    await police.evaluate(() => window.caller.hangup());
    await expect.poll(callerState).toBe('ended');
  } finally {
    await policeBrowser.close();
  }
});

test('audio settings list the machine’s devices and the microphone test shows the live level', async () => {
  await agent.getByTestId('audio-open').click();
  await expect(agent.getByTestId('audio-settings')).toBeVisible();
  await agent.getByTestId('mic-test').click();
  // The fake microphone plays a tone at a steady level: the meter must move well off zero.
  await expect.poll(async () => Number(await agent.getByTestId('mic-level').getAttribute('data-level'))).toBeGreaterThan(30);
  await agent.getByTestId('mic-test').click();
  await expect(agent.getByTestId('mic-level')).toHaveAttribute('data-level', /.*/);
  await agent.keyboard.press('Escape');
  await expect(agent.getByTestId('audio-settings')).toHaveCount(0);
});

test('early media: what the far end plays before answering (183 with SDP) is heard, then the call connects', async () => {
  await agent.getByTestId('dial-input').fill(CITIZEN);
  await agent.getByTestId('dial-input').press('Enter');
  await expect.poll(callerState).toBe('ringing');
  await caller.evaluate(() => window.caller.earlyMedia());
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'early');
  expect(near((await agentHears()).hz, CALLER_TONE)).toBe(true);
  await caller.evaluate(() => window.caller.answer());
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  expect(near((await agentHears()).hz, CALLER_TONE)).toBe(true);
  expect(near((await callerHears()).hz, AGENT_TONE)).toBe(true);
  await agent.keyboard.press('Alt+H');
  await expect.poll(callerState).toBe('ended');
});
