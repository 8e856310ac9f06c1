// `npm run bench`: prints figures (medians of several runs); asserts nothing. Runs inside a
// loopback-only network namespace (see package.json) because it makes WebRTC calls.
// BENCH_ONLY=call-setup or BENCH_ONLY=freeze-inquiry runs just that one.
import { startStack } from '../rig/stack';
import { benchCallSetup } from './call-setup';
import { benchFreezeInquiryActions } from './freeze-inquiry-actions';

const calls = Number(process.env.BENCH_CALLS ?? 10);
const only = process.env.BENCH_ONLY;
const stack = await startStack();
try {
  if (!only || only === 'call-setup') for (const line of await benchCallSetup(stack, calls)) console.log(line);
  if (!only || only === 'freeze-inquiry') for (const line of await benchFreezeInquiryActions(stack)) console.log(line);
} finally {
  await stack.stop();
}
