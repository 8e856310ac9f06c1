/**
 * The ringtone and the call-waiting tone, synthesised with Web Audio (no asset to lose) and
 * played through their own audio element, so they can ring on the speakers while the call
 * itself plays in the headset (`setSinkId`).
 */
export type RingPattern = 'ring' | 'call-waiting';

/** Cadences: a ring is two 0.4 s bursts every 3 s (a desk phone); call waiting a short double beep every 5 s. */
const PATTERNS: Record<RingPattern, { hz: number[]; bursts: Array<[number, number]>; periodMs: number; gain: number }> = {
  ring: { hz: [440, 480], bursts: [[0, 400], [600, 1000]], periodMs: 3000, gain: 0.25 },
  'call-waiting': { hz: [440], bursts: [[0, 200], [400, 600]], periodMs: 5000, gain: 0.15 },
};

export interface RingerState {
  pattern: RingPattern | null;
  sinkId: string;
  /** Set when the chosen device could not be used and the default one rings instead. */
  sinkError?: string;
}

/** Plays one pattern at a time on a chosen output device. */
export class Ringer {
  private ctx?: AudioContext;
  private element?: HTMLAudioElement;
  private destination?: MediaStreamAudioDestinationNode;
  private timer?: ReturnType<typeof setInterval>;
  private state: RingerState = { pattern: null, sinkId: '' };

  constructor(private readonly parent: () => HTMLElement = () => document.body) {}

  get current(): RingerState {
    return this.state;
  }

  /** Chooses the ringer device ('' = system default). Falls back to the default when it fails. */
  async setSink(sinkId: string): Promise<void> {
    this.state = { ...this.state, sinkId, sinkError: undefined };
    const element = this.element;
    if (!element || typeof element.setSinkId !== 'function') return;
    try {
      await element.setSinkId(sinkId);
    } catch (error) {
      this.state = { ...this.state, sinkId: '', sinkError: error instanceof Error ? error.name : 'sink-failed' };
      await element.setSinkId('').catch(() => undefined);
    }
  }

  /** Starts (or switches to) a pattern; a no-op when it is already playing. */
  async start(pattern: RingPattern): Promise<void> {
    if (this.state.pattern === pattern) return;
    this.stop();
    this.state = { ...this.state, pattern };
    const ctx = (this.ctx ??= new AudioContext());
    await ctx.resume().catch(() => undefined);
    if (!this.element) {
      const destination = ctx.createMediaStreamDestination();
      this.destination = destination;
      const element = document.createElement('audio');
      element.dataset.role = 'ringer';
      element.srcObject = destination.stream;
      this.parent().appendChild(element);
      this.element = element;
      await this.setSink(this.state.sinkId);
    }
    const spec = PATTERNS[pattern];
    const play = () => this.burst(spec);
    play();
    this.timer = setInterval(play, spec.periodMs);
    this.element.dataset.pattern = pattern;
    await this.element.play().catch(() => undefined);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.state = { ...this.state, pattern: null };
    if (this.element) {
      this.element.pause();
      delete this.element.dataset.pattern;
    }
  }

  async dispose(): Promise<void> {
    this.stop();
    this.element?.remove();
    this.element = undefined;
    await this.ctx?.close().catch(() => undefined);
    this.ctx = undefined;
  }

  private burst(spec: (typeof PATTERNS)[RingPattern]): void {
    const ctx = this.ctx;
    const destination = this.destination;
    if (!ctx || !destination) return;
    const t0 = ctx.currentTime;
    for (const [fromMs, toMs] of spec.bursts) {
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0, t0);
      gain.gain.setValueAtTime(spec.gain, t0 + fromMs / 1000);
      gain.gain.setValueAtTime(0, t0 + toMs / 1000);
      gain.connect(destination);
      for (const hz of spec.hz) {
        const osc = ctx.createOscillator();
        osc.frequency.value = hz;
        osc.connect(gain);
        osc.start(t0 + fromMs / 1000);
        osc.stop(t0 + toMs / 1000);
      }
    }
  }
}

/** Which pattern the phone should play for a set of calls: none, ring, or call waiting. */
export function ringPatternFor(calls: Array<{ direction: string; state: string }>): RingPattern | null {
  const ringing = calls.some((c) => c.direction === 'inbound' && c.state === 'ringing');
  if (!ringing) return null;
  const busy = calls.some((c) => c.state === 'active' || c.state === 'dialing' || c.state === 'early');
  return busy ? 'call-waiting' : 'ring';
}
