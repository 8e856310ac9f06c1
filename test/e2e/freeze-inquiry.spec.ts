import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import { startStack, type Stack } from '../rig/stack';
import { describeActions, freezeInquiryFixture, ingestFreezeRecord, runFreezeInquiryCall, signInWorkstation } from './freeze-inquiry-script';

// Keyboard first (issue 6): a whole freeze-inquiry call from the caller simulator is worked
// without the mouse (the steps live in freeze-inquiry-script.ts, shared with the bench).
// The case must reach PostgreSQL final, as a freeze inquiry, and the look-up must be audited.

let stack: Stack;
let agentBrowser: Browser;
let callerBrowser: Browser;
let agent: Page;

test.beforeAll(async () => {
  stack = await startStack({ postgres: true });
  agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  // Tall enough that the whole case form fits: nothing ends up under the fixed status bar.
  agent = await agentBrowser.newPage({ viewport: { width: 1600, height: 2400 } });
  await signInWorkstation(agent, stack, 'agent1001');
});

test.afterAll(async () => {
  await agentBrowser?.close();
  await callerBrowser?.close();
  await stack?.stop();
});

test('a freeze-inquiry call worked with the keyboard only reaches PostgreSQL final, its look-up audited', async () => {
  const f = freezeInquiryFixture(1);
  await ingestFreezeRecord(stack, f);
  // Keyboard only from here on: any click on the workstation page fails the test.
  const clicks: string[] = [];
  agent.on('console', (m) => m.text().startsWith('fi-click:') && clicks.push(m.text()));
  await agent.evaluate(() => document.addEventListener('mousedown', (e) => console.log(`fi-click:${(e.target as Element)?.outerHTML.slice(0, 80)}`), true));

  const outcome = await runFreezeInquiryCall(agent, callerBrowser, stack, f);
  console.log(describeActions(outcome.actions, outcome.elapsedMs));
  expect(clicks).toEqual([]);
  expect(outcome.actions.chords).toContain('Alt+L');
  expect(outcome.actions.typed).toContain(f.cardNumber);
  // The bank, the masked account and the notice number come from the look-up, not the keyboard.
  expect(outcome.actions.typed).toEqual([f.cardNumber, f.callerName]);

  // What the agent saw: the script for a victim names the authority and its phone, in the note.
  await expect(agent.getByTestId('note-input')).toHaveValue(new RegExp(f.authorityPhone));
  await expect(agent.getByTestId('case-status')).toHaveText('已完结');

  await expect(agent.getByTestId('status-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const cases = await db.query(
      `select c.id, c.call_type, c.status, c.disposition, c.fields, r.remote_number
         from cases c join call_records r on r.id = c.call_record_id where r.sip_call_id = $1`,
      [outcome.sipCallId],
    );
    expect(cases.rows).toHaveLength(1);
    const row = cases.rows[0];
    expect(row).toMatchObject({ id: outcome.caseId, call_type: 'freeze-inquiry', status: 'final', disposition: 'resolved', remote_number: f.callerNumber });
    expect(row.fields).toMatchObject({
      callerName: f.callerName,
      identityCheck: 'id-number-read-back',
      institution: f.institution,
      accountType: 'debit-card',
      accountNumberMasked: f.accountNumberMasked,
      symptom: 'cannot-transfer-out',
      lookupResultRef: f.noticeNumber,
      fundsRole: 'victim',
      // Filled from the picked look-up result, not typed.
      authority: f.authority,
      authorityPhone: f.authorityPhone,
      measureType: 'protective-stop-payment',
      freezeRecordId: expect.any(String),
      guidance: ['contact-authority', 'unfreezing-fee-scam'],
      escalation: 'none',
    });
    expect(row.fields.talkSeconds).toEqual(expect.any(Number));

    // The look-up was audited against this case, with the card masked.
    const audits = await db.query(`select a.target, a.detail from audit_events a join users u on u.id = a.actor_id where a.action = 'freeze.lookup' and u.username = 'agent1001'`);
    expect(audits.rows).toHaveLength(1);
    expect(audits.rows[0].target).toBe(`case:${outcome.caseId}`);
    expect(audits.rows[0].detail).toMatchObject({ by: 'account', results: 1, caseId: outcome.caseId });
    expect(JSON.stringify(audits.rows[0].detail)).not.toContain(f.cardNumber);
  } finally {
    await db.end();
  }
});
