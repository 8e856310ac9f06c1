import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { signInWorkstation } from '../e2e/freeze-inquiry-script';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import type { Stack } from '../rig/stack';
import { watchPageErrors } from './page-failure';
import { compareSummaries, heapAfterGc, summariseSnapshot, topSelfTime, writeHeapSnapshot } from './heap-snapshot';
import { median, row } from './stats';

/**
 * The shift soak (issue 17): one workstation session in Chromium takes `calls` calls in a row
 * from the caller simulator through Kamailio, each worked as a fast call-taker does from the
 * keyboard: ring, Alt+A, a line typed in the note, Alt+H, Alt+2 (the caller hung up, a
 * one-click closing), Alt+G ready. Prints answer → case form visible and INVITE → ringing
 * visible (medians) for the first and the last ten calls, and the JS heap after a forced GC
 * every 20 calls. Budgets are printed, not asserted: answer → case ≤ 150 ms median at the
 * start and at the end; heap growth < 10 MB.
 *
 *   BENCH_ONLY=soak BENCH_SOAK_CALLS=200 npm run bench
 *   BENCH_SOAK_PROFILE=1             also prints where the CPU went during the last ten answers.
 *   BENCH_SOAK_SNAPSHOTS=.rig/soak  also writes heap snapshots half-way and at the end
 *                                    and prints the constructors that grew most.
 */
export async function benchSoak(stack: Stack, calls: number): Promise<string[]> {
  const agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  const callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  const snapshots = process.env.BENCH_SOAK_SNAPSHOTS ? resolve(process.env.BENCH_SOAK_SNAPSHOTS) : null;
  if (snapshots) mkdirSync(snapshots, { recursive: true });
  const lines: string[] = [`soak: ${calls} calls in one workstation session (caller simulator → Kamailio → Chromium; answer, a note line, hang up, closing, ready):`];
  try {
    const agent = await agentBrowser.newPage({ viewport: { width: 1600, height: 900 } });
    await agent.addInitScript(MEASURE_ANSWER);
    // agent1001: the other benches sign agent1002 and agent1003 in on the same stack.
    await signInWorkstation(agent, stack, 'agent1001');
    const cdp = await agent.context().newCDPSession(agent);
    const heap: Array<{ after: number; bytes: number }> = [{ after: 0, bytes: await heapAfterGc(cdp) }];
    const sinceSignIn = () => ((heap.at(-1)!.bytes - heap[0]!.bytes) / 1e6).toFixed(1);
    const answerToCase: number[] = [];
    const inviteToRinging: number[] = [];
    const answerToActive: number[] = [];
    const started = Date.now();
    const profile = process.env.BENCH_SOAK_PROFILE === '1';
    const profiles: Parameters<typeof topSelfTime>[0] = [];
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    }
    // Snapshots half-way and at the end: the first calls fill caches and the recent-calls list.
    const half = Math.max(1, Math.floor(calls / 2));
    const watched = watchPageErrors(agent);
    for (let i = 1; i <= calls; i++) {
      const s = await oneCall(agent, stack, callerBrowser, i, profile && i > calls - 10 ? { cdp, profiles } : undefined).catch((error: unknown) =>
        watched.fail(`soak call ${i} failed`, `hd-soak-failure-${i}.png`, error),
      );
      answerToCase.push(s.answerToCase);
      inviteToRinging.push(s.inviteToRinging);
      answerToActive.push(s.answerToActive);
      if (i === 1 || i % 20 === 0 || i === calls) heap.push({ after: i, bytes: await heapAfterGc(cdp) });
      if (snapshots && (i === half || i === calls)) await writeHeapSnapshot(cdp, join(snapshots, `call-${i}.heapsnapshot`));
    }
    const first = (v: number[]) => v.slice(0, 10);
    const last = (v: number[]) => v.slice(-10);
    lines.push(row(`  answer → case form visible, calls 1-${Math.min(10, calls)}`, first(answerToCase)));
    lines.push(row(`  answer → case form visible, calls ${Math.max(1, calls - 9)}-${calls}`, last(answerToCase)));
    lines.push(row(`  (of which answer → call shown connected), 1-${Math.min(10, calls)}`, first(answerToActive)));
    lines.push(row(`  (of which answer → call shown connected), ${Math.max(1, calls - 9)}-${calls}`, last(answerToActive)));
    lines.push(row(`  INVITE → ringing visible, calls 1-${Math.min(10, calls)}`, first(inviteToRinging)));
    lines.push(row(`  INVITE → ringing visible, calls ${Math.max(1, calls - 9)}-${calls}`, last(inviteToRinging)));
    lines.push(`  JS heap after GC: ${heap.map((h) => `${h.after}: ${(h.bytes / 1e6).toFixed(1)} MB`).join(', ')}`);
    // Growth from after the first call: that call loads the lazy code and warms the caches once per session.
    const growth = (heap.at(-1)!.bytes - heap[1]!.bytes) / 1e6;
    const worst = Math.max(median(first(answerToCase)), median(last(answerToCase)));
    lines.push(`  budgets: answer → case ≤ 150 ms median at start and end: ${worst.toFixed(0)} ms ${worst <= 150 ? 'ok' : 'OVER'}; heap growth < 10 MB (call 1 → ${calls}): ${growth.toFixed(1)} MB ${growth < 10 ? 'ok' : 'OVER'} (${sinceSignIn()} MB since sign-in)`);
    lines.push(`  ${((Date.now() - started) / 1000).toFixed(0)} s for ${calls} calls`);
    if (snapshots && calls >= 2) {
      lines.push(`  heap snapshot, after call ${half} → after call ${calls}, by self size grown:`);
      lines.push(...compareSummaries(await summariseSnapshot(join(snapshots, `call-${half}.heapsnapshot`)), await summariseSnapshot(join(snapshots, `call-${calls}.heapsnapshot`))));
    }
    if (profiles.length > 0) lines.push(...topSelfTime(profiles));
  } finally {
    await agentBrowser.close();
    await callerBrowser.close();
  }
  return lines;
}

const WAIT = { timeout: 20_000 };

/**
 * Runs in the workstation page before its own code: on the answer key (Alt+A, caught first,
 * in the capture phase) it watches each frame for a draft case form other than the one on
 * screen, and stores the key → painted-frame time in `window.__soakAnswerToCase`.
 */
const MEASURE_ANSWER = `
  window.addEventListener('keydown', (e) => {
    if (!e.altKey || e.code !== 'KeyA') return;
    const t0 = e.timeStamp;
    const before = document.querySelector('[data-testid=case-form]')?.getAttribute('data-case-id') ?? '';
    window.__soakAnswerToCase = undefined;
    window.__soakAnswerToActive = undefined;
    const frame = (now) => {
      if (window.__soakAnswerToActive === undefined && document.querySelector('[data-testid=call-card][data-state=active]')) window.__soakAnswerToActive = now - t0;
      const form = document.querySelector('[data-testid=case-form][data-status=draft]');
      if (form && form.getAttribute('data-case-id') !== before) window.__soakAnswerToCase = now - t0;
      else if (now - t0 < 20000) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, true);
`;

interface CallSample {
  answerToCase: number;
  /** Answer key → the call card shows the call connected (SIP and media set-up; the rest is storage and rendering). */
  answerToActive: number;
  inviteToRinging: number;
}

/** One call, keyboard-only on the workstation; a new caller page (and number) per call, as on a shift. */
async function oneCall(agent: Page, stack: Stack, callerBrowser: Browser, i: number, profile?: { cdp: CDPSession; profiles: Parameters<typeof topSelfTime>[0] }): Promise<CallSample> {
  const caller = await callerBrowser.newPage();
  try {
    await caller.goto(stack.callerUrl());
    await caller.evaluate((n) => window.caller.register(n), `1350013${String(i % 10_000).padStart(4, '0')}`);
    await agent.evaluate(() => performance.clearMarks());
    await caller.evaluate(() => window.caller.call('96110'));
    await agent.locator('[data-testid=call-card][data-state=ringing]').waitFor(WAIT);
    await agent.waitForFunction(() => performance.getEntriesByName('hd:ringing-visible').length > 0, undefined, WAIT);
    const inviteToRinging = await agent.evaluate(
      () => (performance.getEntriesByName('hd:ringing-visible')[0]?.startTime ?? Number.NaN) - (performance.getEntriesByName('hd:invite-received')[0]?.startTime ?? Number.NaN),
    );
    if (profile) await profile.cdp.send('Profiler.start');
    await agent.keyboard.press('Alt+A');
    await agent.waitForFunction(() => (window as unknown as { __soakAnswerToCase?: number }).__soakAnswerToCase !== undefined, undefined, WAIT);
    if (profile) profile.profiles.push((await profile.cdp.send('Profiler.stop')).profile);
    const { answerToCase, answerToActive } = await agent.evaluate(() => {
      const w = window as unknown as { __soakAnswerToCase: number; __soakAnswerToActive?: number };
      return { answerToCase: w.__soakAnswerToCase, answerToActive: w.__soakAnswerToActive ?? Number.NaN };
    });
    await agent.waitForFunction(() => !!document.activeElement?.closest('[data-testid=note-input]'), undefined, WAIT);
    await agent.keyboard.type(`来电人询问如何识别冒充客服的电话，第${i}通`);
    await agent.keyboard.press('Alt+H');
    await agent.locator('[data-testid=agent-state]:not([data-state=on-call])').waitFor(WAIT);
    await agent.keyboard.press('Alt+2');
    await agent.locator('[data-testid=case-form][data-status=final]').waitFor(WAIT);
    await agent.keyboard.press('Alt+G');
    await agent.locator('[data-testid=agent-state][data-state=ready]').waitFor(WAIT);
    return { answerToCase, answerToActive, inviteToRinging };
  } finally {
    await caller.close();
  }
}
