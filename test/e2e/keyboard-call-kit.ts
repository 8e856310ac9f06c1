import type { Browser, Page } from '@playwright/test';
import type { Stack } from '../rig/stack';

/**
 * The parts every scripted keyboard-only call shares (freeze inquiry, consultation, fraud
 * report; issue 17): the action counter, the caller dialling 96110, answer with the case
 * draft open, and the one-key finish then ready. Used by `freeze-inquiry-script.ts` and
 * `consultation-script.ts`, so their step counts are made the same way. No `expect` here:
 * the bench runs outside Playwright Test.
 */

/** What the agent did, counted as the bench reports it: each key chord is 1, each typed field value is 1. */
export interface ActionLog {
  chords: string[];
  typed: string[];
}

export const WAIT = { timeout: 20_000 };

/** Counted keyboard input on the workstation, and a wait (no action) for the focus to reach a test id. */
export function keyboardKit(agent: Page) {
  const actions: ActionLog = { chords: [], typed: [] };
  return {
    actions,
    press: async (chord: string) => {
      actions.chords.push(chord);
      await agent.keyboard.press(chord);
    },
    type: async (value: string) => {
      actions.typed.push(value);
      await agent.keyboard.type(value);
    },
    focused: (testId: string) => agent.waitForFunction((id) => !!document.activeElement?.closest(`[data-testid="${id}"]`), testId, WAIT),
  };
}

/** A caller simulator page registered as `callerNumber` dials 96110; resolves once the workstation rings. */
export async function ringFrom(agent: Page, callerBrowser: Browser, stack: Stack, callerNumber: string): Promise<Page> {
  const caller = await callerBrowser.newPage();
  await caller.goto(stack.callerUrl());
  await caller.evaluate((n) => window.caller.register(n), callerNumber);
  await caller.evaluate(() => window.caller.call('96110'));
  await agent.locator('[data-testid=call-card][data-state=ringing]').waitFor(WAIT);
  return caller;
}

/** Alt+A (counted by `press`): the call connects, its case draft opens and the cursor is in the note. */
export async function answerWithCase(agent: Page, press: (chord: string) => Promise<void>, focused: (testId: string) => Promise<unknown>): Promise<{ sipCallId: string; caseId: string }> {
  await press('Alt+A');
  await agent.locator('[data-testid=call-card][data-state=active]').waitFor(WAIT);
  const sipCallId = (await agent.getByTestId('call-facts').getAttribute('data-sip-call-id')) ?? '';
  await agent.locator(`[data-testid=case-panel][data-sip-call-id="${sipCallId}"] [data-testid=case-form][data-status=draft]`).waitFor(WAIT);
  const caseId = (await agent.getByTestId('case-form').getAttribute('data-case-id')) ?? '';
  await focused('note-input');
  return { sipCallId, caseId };
}

/** One key finishes (hang-up, then finalise, so the end and talk time are on the case); Alt+G back to ready. */
export async function finishAndReady(agent: Page, press: (chord: string) => Promise<void>): Promise<void> {
  await press('Control+Alt+F');
  await agent.locator('[data-testid=case-form][data-status=final]').waitFor(WAIT);
  await agent.locator('[data-testid=agent-state]:not([data-state=on-call])').waitFor(WAIT);
  await press('Alt+G');
  await agent.locator('[data-testid=agent-state][data-state=ready]').waitFor(WAIT);
}
