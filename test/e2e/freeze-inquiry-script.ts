import type { Browser, Page } from '@playwright/test';
import type { Stack } from '../rig/stack';
import { freezeRow } from '../rig/freeze-builders';
import { answerWithCase, finishAndReady, keyboardKit, ringFrom, WAIT, type ActionLog } from './keyboard-call-kit';

/**
 * The scripted, keyboard-only freeze-inquiry call (issue 6), shared by the Playwright spec
 * (`freeze-inquiry.spec.ts`, which asserts on it) and the benchmark (`test/bench/
 * freeze-inquiry-actions.ts`, which prints its count of user actions), so the two cannot drift.
 * Only `page.keyboard` is used on the workstation; waits read the page but are no user action.
 * No `expect` here: the bench runs outside Playwright Test.
 */

export type { ActionLog } from './keyboard-call-kit';

/** The freeze record the caller asks about, and what the agent logs from it. */
export interface FreezeInquiryFixture {
  callerNumber: string;
  cardNumber: string;
  authority: string;
  authorityPhone: string;
  noticeNumber: string;
  callerName: string;
  institution: string;
  accountNumberMasked: string;
}

/** A victim-role record for a (Luhn-valid) card; `n` keeps numbers apart between runs on one stack. */
export function freezeInquiryFixture(n = 1): FreezeInquiryFixture {
  const body = `62220210${String(n).padStart(7, '0')}`;
  return {
    callerNumber: `1390013${String(9000 + (n % 1000)).padStart(4, '0')}`,
    cardNumber: body + luhnDigit(body),
    authority: '深圳市公安局南山分局',
    authorityPhone: '0755-26000000',
    noticeNumber: `深南公冻字〔2026〕${800 + n}号`,
    callerName: '王先生',
    institution: '中国工商银行',
    accountNumberMasked: `622202******${(body + luhnDigit(body)).slice(-4)}`,
  };
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Ingests the fixture's record with the demo admin's token (as a data feed would), so the look-up finds it. */
export async function ingestFreezeRecord(stack: Stack, f: FreezeInquiryFixture): Promise<void> {
  const base = `${stack.recordStore.url}/api/v1`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo1234' }) });
  if (!login.ok) throw new Error(`admin sign-in failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const record = freezeRow({ accountNumber: f.cardNumber, institution: f.institution, authority: f.authority, authorityPhone: f.authorityPhone, noticeNumber: f.noticeNumber, holderRole: 'victim' });
  const res = await fetch(`${base}/ingest/freeze-records`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records: [record] }) });
  const answer = (await res.json()) as { created?: number; failed?: number };
  if (!res.ok || answer.created !== 1) throw new Error(`freeze record not ingested: ${res.status} ${JSON.stringify(answer)}`);
}

/** Signs a workstation in (the sign-in itself is not part of the call and not counted). */
export async function signInWorkstation(page: Page, stack: Stack, username: string): Promise<void> {
  await page.goto(stack.workstationUrl());
  await page.getByLabel('工号').fill(username);
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-testid=registration][data-state=registered]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid=agent-state][data-state=ready]').waitFor({ timeout: 20_000 });
}

/** What the spec checks afterwards. */
export interface FreezeInquiryOutcome {
  sipCallId: string;
  caseId: string;
  actions: ActionLog;
  /** Ring to finalised, as the agent lives it (waits included). */
  elapsedMs: number;
}

/**
 * One call: the caller simulator dials 96110 from the fixture's number; the agent answers,
 * looks the card up and picks the result (one Enter: its script goes into the note, and its
 * authority, phone, notice, measure, role, bank and masked account into the case, which
 * becomes a freeze inquiry, with the usual answers filled), picks how the caller proved who
 * they are, finishes (hang-up and finalise, one key) and goes ready, all from the keyboard.
 * Issue 17's budget: at most 10 actions besides the typed query (it is 8).
 */
export async function runFreezeInquiryCall(agent: Page, callerBrowser: Browser, stack: Stack, f: FreezeInquiryFixture): Promise<FreezeInquiryOutcome> {
  const { actions, press, type, focused } = keyboardKit(agent);
  const caller = await ringFrom(agent, callerBrowser, stack, f.callerNumber);
  try {
    const started = Date.now();
    // Answer; the case draft opens, bound to this call, and the cursor is in the note.
    const { sipCallId, caseId } = await answerWithCase(agent, press, focused);

    // Look-up: Alt+L, the card number, Enter; ↓ into the results, Enter picks the result:
    // its script into the note, its facts and the usual answers into the case (which becomes
    // a freeze inquiry, resolved), and the focus on what the case still needs.
    await press('Alt+L');
    await focused('lookup-value');
    await type(f.cardNumber);
    await press('Enter');
    await agent.locator('[data-testid=freeze-result] [data-testid=result-notice]', { hasText: f.noticeNumber }).waitFor(WAIT);
    await press('ArrowDown');
    await focused('lookup-results');
    await agent.locator('[data-testid=freeze-result][data-selected=true]').waitFor(WAIT);
    await press('Enter');
    await agent.waitForFunction((authority) => (document.querySelector<HTMLTextAreaElement>('[data-testid=note-input]')?.value ?? '').includes(authority), f.authority, WAIT);
    await agent.locator('[data-testid=case-prefilled][data-fields~=authority]').waitFor(WAIT);

    // Only how the caller proved who they are is left: the focus is on it, ↓ picks the usual answer.
    await agent.locator('[data-testid=case-form][data-missing=identityCheck]').waitFor(WAIT);
    await focused('case-field-identityCheck');
    await press('ArrowDown');
    await agent.locator('[data-testid="case-field-identityCheck"]:has(option[value="id-number-read-back"]:checked)').waitFor(WAIT);
    await agent.locator('[data-testid=case-form][data-missing=""]').waitFor(WAIT);

    // One key finishes: hangs up, then finalises; Alt+G back to ready for the next call.
    await finishAndReady(agent, press);
    return { sipCallId, caseId, actions, elapsedMs: Date.now() - started };
  } finally {
    await caller.close();
  }
}

/** The budget (issue 17): user actions besides the typed query. */
export const FREEZE_INQUIRY_BUDGET = 10;

/** User actions besides the typed query (the first typed value), as the budget counts them. */
export function actionsBesidesQuery(actions: ActionLog): number {
  return actions.chords.length + Math.max(0, actions.typed.length - 1);
}

/** The bench's line, e.g. `freeze-inquiry call: 40 user actions (35 key chords, 5 typed values), 9.1 s`. */
export function describeActions(actions: ActionLog, elapsedMs: number): string {
  const total = actions.chords.length + actions.typed.length;
  return `freeze-inquiry call: ${total} user actions (${actions.chords.length} key chords, ${actions.typed.length} typed values; ${actionsBesidesQuery(actions)} besides the query, budget ${FREEZE_INQUIRY_BUDGET}), ${(elapsedMs / 1000).toFixed(1)} s`;
}
