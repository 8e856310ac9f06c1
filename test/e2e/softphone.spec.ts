import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { measureTone } from '../rig/caller/tone';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';
import { readStore, signIn, SILENCE_DB } from './helpers';

// Softphone behaviour against real Kamailio and a caller simulator in its own Chromium.
const AGENT_TONE = 880;
const CALLER_TONE = 440;
const CITIZEN = '13800138000';

let stack: Stack;
let agentBrowser: Browser;
let callerBrowser: Browser;
let agent: Page;
let caller: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  stack = await startStack();
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(AGENT_TONE) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(CALLER_TONE) });
  agent = await agentBrowser.newPage();
  await signIn(agent, stack.workstationUrl(), 'agent1002');
  caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate((n) => window.caller.register(n), CITIZEN);
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await stack?.stop();
});

const callerState = () => caller.evaluate(() => window.caller.state());
const agentHears = () => agent.evaluate(measureTone, 'audio[data-role="remote-audio"]');
const callerHears = () => caller.evaluate(() => window.caller.hears());
/** Dials from the workstation's dial box, as an agent types a number. */
async function dialFromBox(number: string): Promise<void> {
  await agent.getByTestId('dial-input').fill(number);
  await agent.getByTestId('dial-input').press('Enter');
}
/** Lets the receiver's jitter buffer drain before silence is measured. */
const settle = (page: Page) => page.waitForTimeout(700);

test('declining an inbound call ends it for the caller and logs it as rejected', async () => {
  await caller.evaluate(() => window.caller.call('96110'));
  const card = agent.getByTestId('call-card');
  await expect(card).toHaveAttribute('data-state', 'ringing');
  await agent.keyboard.press('Alt+H');
  await expect.poll(callerState).toBe('ended');
  await expect(card).toHaveCount(0);
  const records = await readStore(agent, 'callRecords');
  expect(records.some((r) => r.direction === 'inbound' && r.endReason === 'rejected' && r.answeredAt === null)).toBe(true);
});

test('an outbound call dialled on the keypad rings the citizen, connects with audio both ways', async () => {
  await agent.getByTestId('dialpad-toggle').click();
  for (const digit of CITIZEN) await agent.getByTestId(`dialpad-${digit}`).click();
  await expect(agent.getByTestId('dial-input')).toHaveValue(CITIZEN);
  await agent.getByTestId('dial-input').press('Enter');
  await agent.getByTestId('dialpad-toggle').click();
  await expect.poll(callerState).toBe('ringing');
  await expect(agent.getByTestId('call-state')).toHaveText('对方振铃');
  await caller.evaluate(() => window.caller.answer());
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  expect(Math.abs((await agentHears()).hz - CALLER_TONE)).toBeLessThan(15);
  expect(Math.abs((await callerHears()).hz - AGENT_TONE)).toBeLessThan(15);
});

test('call waiting: the tone plays, answering holds the first line, resuming swaps, a third caller hears busy', async () => {
  const second = await callerBrowser.newPage();
  const third = await callerBrowser.newPage();
  try {
    await second.goto(stack.callerUrl());
    await second.evaluate(() => window.caller.register('13900139000'));
    await second.evaluate(() => window.caller.call('96110'));
    const cards = agent.getByTestId('call-card');
    await expect(cards).toHaveCount(2);
    await expect(agent.locator('audio[data-role="ringer"]')).toHaveAttribute('data-pattern', 'call-waiting');

    await agent.keyboard.press('Alt+A');
    const first = cards.nth(0);
    const waiting = cards.nth(1);
    await expect(waiting).toHaveAttribute('data-state', 'active');
    await expect(first.getByTestId('hold')).toHaveAttribute('data-held', 'true');
    await expect(waiting.getByTestId('hold')).toHaveAttribute('data-held', 'false');
    await expect(agent.locator('audio[data-role="ringer"]')).not.toHaveAttribute('data-pattern');

    // Both lines busy: a third caller is told so.
    await third.goto(stack.callerUrl());
    await third.evaluate(() => window.caller.register('13600136000'));
    await third.evaluate(() => window.caller.call('96110'));
    await expect.poll(() => third.evaluate(() => window.caller.lastStatus())).toBe(486);
    await expect(cards).toHaveCount(2);

    // Swap back: resuming the first line holds the second.
    await first.getByTestId('hold').click();
    await expect(first.getByTestId('hold')).toHaveAttribute('data-held', 'false');
    await expect(waiting.getByTestId('hold')).toHaveAttribute('data-held', 'true');

    await second.evaluate(() => window.caller.hangup());
    await expect(cards).toHaveCount(1);
  } finally {
    await second.close();
    await third.close();
  }
});

test('hold silences what the holder receives; resume brings it back', async () => {
  const hold = agent.getByTestId('hold');
  await hold.click();
  await expect(hold).toHaveAttribute('data-held', 'true');
  await settle(agent);
  expect((await agentHears()).db).toBeLessThan(SILENCE_DB);
  await hold.click();
  await expect(hold).toHaveAttribute('data-held', 'false');
  expect(Math.abs((await agentHears()).hz - CALLER_TONE)).toBeLessThan(15);
});

test('mute sends silence to the other side; unmute restores the voice', async () => {
  await agent.keyboard.press('Alt+M');
  await expect(agent.getByTestId('mute')).toHaveAttribute('data-muted', 'true');
  await settle(caller);
  expect((await callerHears()).db).toBeLessThan(SILENCE_DB);
  await agent.keyboard.press('Alt+M');
  await expect(agent.getByTestId('mute')).toHaveAttribute('data-muted', 'false');
  expect(Math.abs((await callerHears()).hz - AGENT_TONE)).toBeLessThan(15);
  await agent.keyboard.press('Alt+H');
  await expect.poll(callerState).toBe('ended');
});

for (const [status, words] of [
  [486, '对方忙'],
  [603, '对方拒接'],
] as const) {
  test(`an outbound call refused with ${status} is reported as ${words}`, async () => {
    await dialFromBox(CITIZEN);
    await expect.poll(callerState).toBe('ringing');
    await caller.evaluate((code) => window.caller.reject(code), status);
    await expect(agent.getByTestId('facts-state')).toHaveText(words);
  });
}

test('a number nobody has registered is reported as not existing', async () => {
  // An extension: mobiles and landlines nobody registered here go to the carrier trunk
  // (carrier-trunk.spec.ts covers the carrier's 404).
  await dialFromBox('1999');
  await expect(agent.getByTestId('facts-state')).toHaveText('空号或号码不存在');
});

test('Kamailio crashes mid-shift: the phone says so, re-registers within 5 s of the restart and rings again', async () => {
  const badge = agent.getByTestId('registration');
  await stack.kamailio.crash();
  await expect(badge).toHaveAttribute('data-state', 'reconnecting');
  await expect(badge).toContainText('秒后重试');
  await agent.waitForTimeout(3000); // down for a while, as in a real outage
  await stack.kamailio.restart();
  const restartedAt = Date.now();
  await expect(badge).toHaveAttribute('data-state', 'registered', { timeout: 5000 });
  console.log(`re-registered ${Date.now() - restartedAt} ms after the PBX restart`);
  // The simulator does not self-heal; a citizen's phone registers afresh.
  await caller.evaluate((n) => window.caller.register(n), CITIZEN);
  await caller.evaluate(() => window.caller.call('96110'));
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
  await caller.evaluate(() => window.caller.hangup());
  await expect(agent.getByTestId('call-card')).toHaveCount(0);
});

test('recent calls list this workstation’s calls and redial with one click', async () => {
  const rows = agent.getByTestId('history-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(5);
  await expect(rows.filter({ hasText: '未接通' }).first()).toBeVisible();
  await rows.filter({ hasText: CITIZEN }).first().getByTestId('redial').click();
  await expect.poll(callerState).toBe('ringing');
  await caller.evaluate(() => window.caller.answer());
  await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
  await caller.evaluate(() => window.caller.hangup());
  await expect(agent.getByTestId('call-card')).toHaveCount(0);
});

test('blind transfer to 110: the citizen ends up talking to the police phone, with audio, and the agent is free', async () => {
  const policeBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(660) });
  try {
    const police = await policeBrowser.newPage();
    await police.goto(stack.callerUrl());
    await police.evaluate(() => window.caller.register('110'));
    await caller.evaluate(() => window.caller.call('96110'));
    // Answered once it rings, as a call-taker does: an Alt+A before the INVITE arrived answers nothing (a CI run).
    await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'ringing');
    await agent.keyboard.press('Alt+A');
    await expect(agent.getByTestId('call-card')).toHaveAttribute('data-state', 'active');
    await agent.keyboard.press('Alt+T');
    await agent.getByTestId('transfer-target').fill('110');
    await agent.getByTestId('transfer-target').press('Enter');
    await expect.poll(() => police.evaluate(() => window.caller.state())).toBe('ringing');
    await expect(agent.getByTestId('call-card')).toHaveCount(0);
    await police.evaluate(() => window.caller.answer());
    await expect.poll(callerState).toBe('active');
    expect(await caller.evaluate(() => window.caller.transfers())).toEqual(['110']);
    expect(Math.abs((await callerHears()).hz - 660)).toBeLessThan(15);
    expect(Math.abs((await police.evaluate(() => window.caller.hears())).hz - CALLER_TONE)).toBeLessThan(15);
    const records = await readStore(agent, 'callRecords');
    expect(records.some((r) => r.endReason === 'transferred')).toBe(true);
    await police.evaluate(() => window.caller.hangup());
    await expect.poll(callerState).toBe('ended');
  } finally {
    await policeBrowser.close();
  }
});
