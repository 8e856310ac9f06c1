import { chromium } from '@playwright/test';
import { describeActions, freezeInquiryFixture, ingestFreezeRecord, runFreezeInquiryCall, signInWorkstation } from '../e2e/freeze-inquiry-script';
import { CHROMIUM, chromiumArgs } from '../rig/chromium';
import type { Stack } from '../rig/stack';

/**
 * Keyboard-first figure (issue 6): the scripted freeze-inquiry call of
 * `test/e2e/freeze-inquiry.spec.ts` (same steps, from `freeze-inquiry-script.ts`), worked
 * keyboard-only against `stack`; prints its count of user actions (each key chord 1, each
 * typed field value 1) and the ring-to-finalised time. Asserts nothing beyond the call completing.
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
    return [
      describeActions(outcome.actions, outcome.elapsedMs),
      `  key chords: ${outcome.actions.chords.join(' ')}`,
      `  typed values: ${outcome.actions.typed.length} (the card number; the look-up result fills bank, masked account, notice, authority and the usual answers)`,
    ];
  } finally {
    await agentBrowser.close();
    await callerBrowser.close();
  }
}
