/**
 * Dead air: a call that is answered but over which nothing arrives. Through a carrier trunk
 * this happens (a media path that never opened, a DTLS handshake that never finished) while
 * the signalling says "connected"; the agent must be told instead of talking into silence.
 * Fed with the inbound byte counter of `getStats()` on each quality reading.
 */

/** After this long without a single inbound byte on an answered call, the line is dead. */
export const DEAD_AIR_MS = 5000;

export class DeadAirDetector {
  private lastBytes = -1;
  private lastGrowthAt?: number;

  constructor(private readonly thresholdMs = DEAD_AIR_MS) {}

  /**
   * Records one reading (`bytesReceived` null: no inbound stream at all yet) and tells
   * whether the line has been silent for the threshold. The first reading starts the clock,
   * so call it from the moment the call is answered.
   */
  observe(at: number, bytesReceived: number | null): boolean {
    const bytes = bytesReceived ?? 0;
    // A counter that went backwards is a new stream after a re-INVITE: start again.
    if (this.lastGrowthAt === undefined || bytes !== this.lastBytes) {
      this.lastGrowthAt = at;
      this.lastBytes = bytes;
      return false;
    }
    return at - this.lastGrowthAt >= this.thresholdMs;
  }

  /** How long nothing has arrived, as of `at` (0 before any reading). */
  silentFor(at: number): number {
    return this.lastGrowthAt === undefined ? 0 : Math.max(0, at - this.lastGrowthAt);
  }

  /** Starts over (after hold/resume, when silence is expected). */
  reset(): void {
    this.lastBytes = -1;
    this.lastGrowthAt = undefined;
  }
}
