import type { Browser, Page } from '@playwright/test';
import type { Stack } from '../rig/stack';
import { answerWithCase, finishAndReady, keyboardKit, ringFrom, WAIT, type ActionLog } from './keyboard-call-kit';

/**
 * The scripted, keyboard-only consultation call (防骗咨询, issue 17), shared by the Playwright
 * spec (`freeze-inquiry.spec.ts`, which asserts on it) and the benchmark (`test/bench/
 * freeze-inquiry-actions.ts`, which prints its count). Only `page.keyboard` on the
 * workstation; waits read the page but are no user action. No `expect` here.
 *
 * The call: answer (the cursor is in the note), type what the caller says, Alt+S and a search
 * word, ↓ Enter reads out the consultation script: it goes into the note and makes the case a
 * consultation, with the situation from the note's first line, the contact channels and the
 * fraud type the note names, money not sent, the script as the advice, resolved; one key
 * finishes (hang-up and finalise), Alt+G ready. Budget: 6 key chords besides the typing.
 */

export interface ConsultationFixture {
  callerNumber: string;
  /** What the caller says, as the agent types it into the note. */
  note: string;
  /** The word typed in the script search. */
  search: string;
  /** The script it finds first. */
  templateKey: string;
}

export function consultationFixture(n = 1): ConsultationFixture {
  return {
    callerNumber: `1370013${String(9000 + (n % 1000)).padStart(4, '0')}`,
    note: '来电人称接到自称客服的电话，要求下载App做刷单返利任务，还没有转账',
    search: '咨询',
    templateKey: 'consultation.general',
  };
}

export interface ConsultationOutcome {
  sipCallId: string;
  caseId: string;
  actions: ActionLog;
  elapsedMs: number;
}

export async function runConsultationCall(agent: Page, callerBrowser: Browser, stack: Stack, f: ConsultationFixture): Promise<ConsultationOutcome> {
  return scriptedCall(agent, callerBrowser, stack, f, async () => {
    await agent.locator('[data-testid=case-prefilled][data-fields~=situation]').waitFor(WAIT);
  });
}

/**
 * The shared course of both calls: ring, answer (the cursor is in the note), type what the
 * caller says, Alt+S and a word, ↓ onto the script, Enter reads it into the note and fills
 * the case; `rest` does what this kind of call still needs; one key finishes, Alt+G ready.
 */
async function scriptedCall(agent: Page, callerBrowser: Browser, stack: Stack, f: ConsultationFixture, rest: (press: (chord: string) => Promise<void>, focused: (id: string) => Promise<unknown>) => Promise<void>): Promise<ConsultationOutcome> {
  const { actions, press, type, focused } = keyboardKit(agent);
  const caller = await ringFrom(agent, callerBrowser, stack, f.callerNumber);
  try {
    const started = Date.now();
    const { sipCallId, caseId } = await answerWithCase(agent, press, focused);
    await type(f.note);
    await agent.waitForFunction((note) => (document.querySelector<HTMLTextAreaElement>('[data-testid=note-input]')?.value ?? '').includes(note), f.note, WAIT);
    await press('Alt+S');
    await focused('templates-search');
    await type(f.search);
    await press('ArrowDown');
    await agent.locator(`[data-testid=template-card][data-highlighted=true][data-key="${f.templateKey}"]`).waitFor(WAIT);
    await press('Enter');
    await rest(press, focused);
    await agent.locator('[data-testid=case-form][data-missing=""]').waitFor(WAIT);
    await finishAndReady(agent, press);
    return { sipCallId, caseId, actions, elapsedMs: Date.now() - started };
  } finally {
    await caller.close();
  }
}

/** The budget (issue 17): key chords besides the typing. */
export const CONSULTATION_BUDGET = 6;

/** The bench's line. */
export function describeConsultation(actions: ActionLog, elapsedMs: number): string {
  return `consultation call: ${actions.chords.length} key chords besides ${actions.typed.length} typed values (budget ${CONSULTATION_BUDGET}), ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** A fraud report (涉诈举报): the note names the fraudster's number, the fraud and the money sent. */
export function fraudReportFixture(n = 1): ConsultationFixture {
  return {
    callerNumber: `1360013${String(9000 + (n % 1000)).padStart(4, '0')}`,
    note: '来电人称对方用13800138000联系，让其做刷单返利任务，已转账2万元',
    search: '止付',
    templateKey: 'fraud-report.urgent',
  };
}

/** The budget (issue 17): key chords besides the typing. */
export const FRAUD_REPORT_BUDGET = 12;

/**
 * The scripted, keyboard-only fraud report: answer, type the note, Alt+S and a word, ↓ Enter
 * on the urgent report script (the case becomes a report by the victim, referred on, with the
 * fraud type, the fraudster's number and the loss from the note); the focus lands on the one
 * item left, whether the case went to 110: Space answers yes; one key finishes, Alt+G ready.
 */
export async function runFraudReportCall(agent: Page, callerBrowser: Browser, stack: Stack, f: ConsultationFixture): Promise<ConsultationOutcome> {
  return scriptedCall(agent, callerBrowser, stack, f, async (press, focused) => {
    await agent.locator('[data-testid=case-form][data-missing=routed110]').waitFor(WAIT);
    await focused('case-field-routed110-yes');
    await press('Space');
  });
}
