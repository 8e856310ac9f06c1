import { chromium } from '@playwright/test';
import { consultationFixture, describeConsultation, FRAUD_REPORT_BUDGET, fraudReportFixture, runConsultationCall, runFraudReportCall } from '../e2e/consultation-script';
import { describeActions, freezeInquiryFixture, ingestFreezeRecord, runFreezeInquiryCall, signInWorkstation } from '../e2e/freeze-inquiry-script';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import type { Stack } from '../rig/stack';

/**
 * Keyboard-first figures (issues 6, 17): the scripted freeze-inquiry call of
 * `test/e2e/freeze-inquiry.spec.ts` (same steps, from `freeze-inquiry-script.ts`), worked
 * keyboard-only against `stack`; prints its count of user actions (each key chord 1, each
 * typed field value 1) and the ring-to-finalised time; then the scripted consultation
 * and fraud report (`consultation-script.ts`). Asserts nothing beyond the calls completing.
 *
 *   BENCH_ONLY=freeze-inquiry npm run bench
 */
export async function benchFreezeInquiryActions(stack: Stack): Promise<string[]> {
  const agentBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(880) });
  const callerBrowser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs(440) });
  try {
    const agent = await agentBrowser.newPage({ viewport: { width: 1600, height: 2400 } });
    // agent1002: the call-setup bench signs agent1003 in on the same stack.
    await signInWorkstation(agent, stack, 'agent1002');
    // A fresh record per run: the stack may be reused, and the look-up must find exactly one.
    const f = freezeInquiryFixture(Date.now() % 1_000_000);
    await ingestFreezeRecord(stack, f);
    const outcome = await runFreezeInquiryCall(agent, callerBrowser, stack, f);
    // The consultation (issue 17), on the same workstation, the next call.
    const consultation = await runConsultationCall(agent, callerBrowser, stack, consultationFixture(Date.now() % 1000));
    const report = await runFraudReportCall(agent, callerBrowser, stack, fraudReportFixture(Date.now() % 1000));
    return [
      describeActions(outcome.actions, outcome.elapsedMs),
      `  key chords: ${outcome.actions.chords.join(' ')}`,
      `  typed values: ${outcome.actions.typed.length} (the card number; the look-up result fills bank, masked account, notice, authority and the usual answers)`,
      describeConsultation(consultation.actions, consultation.elapsedMs),
      `  key chords: ${consultation.actions.chords.join(' ')}`,
      `  typed values: the note and the script search word (the script and the note fill type, fraud type, situation, channels, advice)`,
      `fraud-report call: ${report.actions.chords.length} key chords besides ${report.actions.typed.length} typed values (budget ${FRAUD_REPORT_BUDGET}), ${(report.elapsedMs / 1000).toFixed(1)} s`,
      `  key chords: ${report.actions.chords.join(' ')} (the note gives the fraud type, the fraudster's number and the loss; Space answers 110)`,
    ];
  } finally {
    await agentBrowser.close();
    await callerBrowser.close();
  }
}
