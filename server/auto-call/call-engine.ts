import type { AutoCallOutcome } from './auto-call-policy';

/**
 * The telephony engine behind automatic warning calls: dials `to` through the PBX presenting
 * `presentedNumber` (96110), plays `audioFile` once answered and reports the key pressed.
 * The production engine drives a Debian SIP user agent (baresip over ctrl_tcp); tests use the
 * fake below. An engine never throws for a call that did not connect: it answers with the
 * outcome (`network-failure` when the PBX or the engine itself failed).
 */
export interface CallEngine {
  readonly name: string;
  call(request: CallRequest): Promise<AutoCallOutcome>;
}

export interface CallRequest {
  /** The person's number, as the number plan dials it (mobile, landline, +86…). */
  to: string;
  presentedNumber: string;
  /** 8 kHz mono WAV (warning-message.ts). */
  audioFile: string;
  /** Ring, play and key collection together stay under this. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A scripted engine for tests: outcomes per number in order (the last repeats; default `pressed-1`), every call recorded. */
export interface FakeCallEngine extends CallEngine {
  calls: Array<CallRequest & { outcome: AutoCallOutcome }>;
  /** Calls in progress now, and the most there ever were at once. */
  active: number;
  peak: number;
}

/** A fake engine answering from `script`; each call takes `delayMs` (less when its signal aborts it), so overlapping calls show in `peak`. */
export function fakeCallEngine(script: Record<string, AutoCallOutcome[]> = {}, delayMs = 5): FakeCallEngine {
  const used = new Map<string, number>();
  const engine: FakeCallEngine = {
    name: 'fake',
    calls: [],
    active: 0,
    peak: 0,
    async call(request) {
      engine.active += 1;
      engine.peak = Math.max(engine.peak, engine.active);
      try {
        // Hung up early (taken over, or the service stopping): like the real engine, an answered call without a key.
        const aborted = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), delayMs);
          request.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve(true)), { once: true });
        });
        const n = used.get(request.to) ?? 0;
        used.set(request.to, n + 1);
        const list = script[request.to] ?? ['pressed-1'];
        const outcome: AutoCallOutcome = aborted ? 'answered-no-key' : (list[Math.min(n, list.length - 1)] ?? 'pressed-1');
        engine.calls.push({ ...request, outcome });
        return outcome;
      } finally {
        engine.active -= 1;
      }
    },
  };
  return engine;
}
