import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import type { Stack } from '../rig/stack';
import { median, row } from './stats';

interface Sample {
  register: number;
  /** Includes the workstation's own ICE gathering for its answer (epoch clocks, same machine). */
  clickToAnswered: number;
  dialToRinging: number;
  inviteToVisible: number;
  answerToAudio: number;
}

/**
 * Call set-up figures (issue 3's benchmark): a caller simulator dials 96110, the workstation
 * rings and is answered, `calls` times; once with our media settings and once with sip.js's
 * defaults on the caller as the baseline. Prints medians; asserts nothing.
 */
export async function benchCallSetup(stack: Stack, calls: number): Promise<string[]> {
  const agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  const callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  const lines: string[] = [];
  try {
    const agent = await agentBrowser.newPage();
    await agent.goto(stack.workstationUrl());
    await agent.getByLabel('工号').fill('agent1003');
    await agent.getByLabel('密码').fill('demo1234');
    await agent.getByRole('button', { name: '登录' }).click();
    await agent.getByTestId('registration').and(agent.locator('[data-state=registered]')).waitFor();
    const ours = await run(agent, callerBrowser, stack, calls, false);
    const baseline = await run(agent, callerBrowser, stack, calls, true);
    lines.push(`call set-up, ${calls} calls each (caller simulator → Kamailio → workstation in Chromium):`);
    for (const key of ['register', 'dialToRinging', 'inviteToVisible', 'clickToAnswered', 'answerToAudio'] as const) {
      const label = {
        register: 'register',
        dialToRinging: 'dial → 180 Ringing',
        inviteToVisible: 'INVITE arrival → ringing visible',
        clickToAnswered: 'answer click → caller has 200 OK',
        answerToAudio: 'answer (200 OK) → first audio',
      }[key];
      if (key === 'inviteToVisible' || key === 'clickToAnswered') {
        // Measured in the workstation, whose settings do not change between the two runs.
        lines.push(row(`  workstation: ${label}`, [...ours, ...baseline].map((s) => s[key])));
        continue;
      }
      lines.push(row(`  ours: ${label}`, ours.map((s) => s[key])));
      lines.push(row(`  sip.js defaults: ${label}`, baseline.map((s) => s[key])));
      const ratio = median(baseline.map((s) => s[key])) / median(ours.map((s) => s[key]));
      lines.push(`  ${'defaults / ours'.padEnd(42)} ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}x`);
    }
  } finally {
    await agentBrowser.close();
    await callerBrowser.close();
  }
  return lines;
}

async function run(agent: Page, callerBrowser: Browser, stack: Stack, calls: number, defaults: boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < calls; i++) {
    const caller = await callerBrowser.newPage();
    await caller.goto(stack.callerUrl() + (defaults ? '&defaults=1' : ''));
    await caller.evaluate((n) => window.caller.register(n), `1380013${String(8000 + i)}`);
    await agent.evaluate(() => performance.clearMarks());
    await caller.evaluate(() => window.caller.call('96110'));
    await agent.getByTestId('answer').waitFor({ timeout: 20_000 });
    await caller.waitForFunction(() => window.caller.timings().ringing !== undefined, undefined, { timeout: 20_000 });
    // No named helpers inside evaluate bodies: tsx would inject a `__name` call the page lacks.
    const marks = await agent.evaluate(
      () => (performance.getEntriesByName('hd:ringing-visible')[0]?.startTime ?? Number.NaN) - (performance.getEntriesByName('hd:invite-received')[0]?.startTime ?? Number.NaN),
    );
    const clickedAt = Date.now();
    await agent.getByTestId('answer').click();
    await caller.waitForFunction(() => window.caller.timings().firstAudio !== undefined, undefined, { timeout: 20_000 });
    const t = await caller.evaluate(() => window.caller.timings());
    samples.push({ register: t.registerMs!, clickToAnswered: t.answeredEpoch! - clickedAt, dialToRinging: t.ringing! - t.dial!, inviteToVisible: marks, answerToAudio: t.firstAudio! - t.answered! });
    await caller.evaluate(() => window.caller.hangup());
    await agent.getByTestId('call-card').waitFor({ state: 'detached' });
    await caller.close();
  }
  return samples;
}
