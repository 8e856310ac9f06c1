/**
 * Live call quality from WebRTC statistics: packet loss, jitter, round-trip time and an
 * estimated MOS from a simplified ITU-T G.107 E-model. The numbers are estimates meant to
 * tell an agent "the line is bad" before the citizen says so, not a measurement report.
 */

/** The counters one quality figure is computed from (a snapshot of `getStats()`). */
export interface StatsSnapshot {
  at: number;
  packetsReceived: number;
  packetsLost: number;
  /** Seconds, as RTCInboundRtpStreamStats reports it. */
  jitter: number;
  /** Seconds; from the selected candidate pair or remote-inbound-rtp. Undefined if unknown yet. */
  roundTripTime?: number;
  /** Inbound audio bytes so far: what dead-air detection watches. */
  bytesReceived?: number;
}

export type QualityGrade = 'good' | 'fair' | 'poor';

export interface CallQuality {
  /** Fraction of packets lost since the previous snapshot, 0..1. */
  loss: number;
  jitterMs: number;
  rttMs: number | null;
  /** Estimated mean opinion score, 1..4.5. */
  mos: number;
  grade: QualityGrade;
  /** Answered, yet nothing has arrived for a while (dead-air.ts): the agent is talking into silence. */
  deadAir?: boolean;
}

/** Pulls the counters of the first inbound audio stream and the selected candidate pair out of a stats report. */
export function snapshotFromReport(report: RTCStatsReport, at: number): StatsSnapshot | null {
  type Entry = { type: string; kind?: string; state?: string; nominated?: boolean; currentRoundTripTime?: number; roundTripTime?: number; packetsReceived?: number; packetsLost?: number; jitter?: number; bytesReceived?: number };
  let inbound: Entry | undefined;
  let rtt: number | undefined;
  report.forEach((s: Entry) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio' && !inbound) inbound = s;
    if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated && s.currentRoundTripTime !== undefined) rtt = s.currentRoundTripTime;
    if (s.type === 'remote-inbound-rtp' && s.kind === 'audio' && rtt === undefined && s.roundTripTime !== undefined) rtt = s.roundTripTime;
  });
  if (!inbound) return null;
  return { at, packetsReceived: inbound.packetsReceived ?? 0, packetsLost: Math.max(0, inbound.packetsLost ?? 0), jitter: inbound.jitter ?? 0, roundTripTime: rtt, bytesReceived: inbound.bytesReceived ?? 0 };
}

/** Estimated MOS (1..4.5) from one-way delay, jitter and loss; Opus-like codec impairment. */
export function estimateMos(oneWayDelayMs: number, jitterMs: number, loss: number): number {
  // Jitter costs about twice its size in the jitter buffer; 10 ms for packetisation.
  const d = oneWayDelayMs + 2 * jitterMs + 10;
  const delayImpairment = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
  const lossPct = Math.min(100, Math.max(0, loss * 100));
  // Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl + Bpl); Ie 0 and Bpl 10 approximate Opus with PLC.
  const equipmentImpairment = (95 * lossPct) / (lossPct + 10);
  const r = Math.max(0, Math.min(100, 93.2 - delayImpairment - equipmentImpairment));
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.round(Math.min(4.5, Math.max(1, mos)) * 100) / 100;
}

/** Grade thresholds as commonly used by contact-centre dashboards. */
export function gradeFor(mos: number): QualityGrade {
  if (mos >= 4) return 'good';
  if (mos >= 3.1) return 'fair';
  return 'poor';
}

/** Quality over the interval between two snapshots (or since the call began without a previous one). */
export function qualityBetween(previous: StatsSnapshot | null, current: StatsSnapshot): CallQuality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = current.packetsLost - (previous?.packetsLost ?? 0);
  const total = received + lost;
  const loss = total > 0 ? Math.max(0, lost) / total : 0;
  const jitterMs = current.jitter * 1000;
  const rttMs = current.roundTripTime === undefined ? null : current.roundTripTime * 1000;
  const mos = estimateMos((rttMs ?? 0) / 2, jitterMs, loss);
  return { loss, jitterMs: Math.round(jitterMs * 10) / 10, rttMs: rttMs === null ? null : Math.round(rttMs), mos, grade: gradeFor(mos) };
}
