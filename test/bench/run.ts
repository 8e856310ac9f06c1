// `npm run bench`: prints figures (medians of several runs); asserts nothing. Runs inside a
// loopback-only network namespace (see package.json) because it makes WebRTC calls.
import { startStack } from '../rig/stack';
import { benchCallSetup } from './call-setup';

const calls = Number(process.env.BENCH_CALLS ?? 10);
const stack = await startStack();
try {
  for (const line of await benchCallSetup(stack, calls)) console.log(line);
} finally {
  await stack.stop();
}
