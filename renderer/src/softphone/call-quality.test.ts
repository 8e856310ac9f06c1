import { describe, expect, it } from 'vitest';
import { estimateMos, gradeFor, qualityBetween, snapshotFromReport, type StatsSnapshot } from './call-quality';

const snap = (patch: Partial<StatsSnapshot>): StatsSnapshot => ({ at: 0, packetsReceived: 0, packetsLost: 0, jitter: 0, ...patch });

describe('estimateMos', () => {
  it('is near the top for a clean LAN call', () => {
    expect(estimateMos(1, 1, 0)).toBeGreaterThan(4.3);
  });
  it('falls as loss rises, monotonically', () => {
    const values = [0, 0.01, 0.03, 0.1, 0.3].map((loss) => estimateMos(20, 5, loss));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeLessThan(values[i - 1]!);
    expect(values[4]!).toBeLessThan(2.5);
  });
  it('falls with long delay (satellite-like 300 ms one way)', () => {
    expect(estimateMos(300, 5, 0)).toBeLessThan(estimateMos(20, 5, 0) - 0.5);
  });
  it('stays within 1..4.5 for absurd inputs', () => {
    expect(estimateMos(10_000, 10_000, 1)).toBe(1);
    expect(estimateMos(0, 0, 0)).toBeLessThanOrEqual(4.5);
  });
});

describe('qualityBetween', () => {
  it('computes loss over the interval, not since the call began', () => {
    const first = snap({ packetsReceived: 1000, packetsLost: 500 });
    const second = snap({ packetsReceived: 1100, packetsLost: 500, jitter: 0.004, roundTripTime: 0.04 });
    const q = qualityBetween(first, second);
    expect(q.loss).toBe(0);
    expect(q.jitterMs).toBe(4);
    expect(q.rttMs).toBe(40);
    expect(q.grade).toBe('good');
  });
  it('grades a lossy interval poor', () => {
    const q = qualityBetween(snap({ packetsReceived: 100 }), snap({ packetsReceived: 170, packetsLost: 30 }));
    expect(q.loss).toBeCloseTo(0.3);
    expect(q.grade).toBe('poor');
  });
  it('reports an unknown RTT as null rather than zero', () => {
    expect(qualityBetween(null, snap({ packetsReceived: 10 })).rttMs).toBeNull();
  });
});

describe('gradeFor', () => {
  it('uses the usual thresholds', () => {
    expect([4.2, 3.5, 2.9].map(gradeFor)).toEqual(['good', 'fair', 'poor']);
  });
});

describe('snapshotFromReport', () => {
  const report = (entries: object[]) => new Map(entries.map((e, i) => [String(i), e])) as unknown as RTCStatsReport;
  it('reads the inbound audio stream and the nominated pair', () => {
    const s = snapshotFromReport(
      report([
        { type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, packetsLost: 2, jitter: 0.003, bytesReceived: 8000 },
        { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.012 },
      ]),
      5,
    );
    expect(s).toEqual({ at: 5, packetsReceived: 50, packetsLost: 2, jitter: 0.003, roundTripTime: 0.012, bytesReceived: 8000 });
  });
  it('is null before any audio arrives', () => {
    expect(snapshotFromReport(report([{ type: 'outbound-rtp', kind: 'audio' }]), 0)).toBeNull();
  });
});
