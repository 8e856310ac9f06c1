import { describe, expect, it } from 'vitest';
import { DeadAirDetector } from './dead-air';

/** A fake stats source: inbound byte counts at given times, read every second. */
function readings(detector: DeadAirDetector, bytes: Array<number | null>): boolean[] {
  return bytes.map((b, i) => detector.observe(i * 1000, b));
}

describe('dead air', () => {
  it('stays quiet while audio arrives', () => {
    expect(readings(new DeadAirDetector(3000), [0, 160, 320, 480, 640, 800, 960])).toEqual([false, false, false, false, false, false, false]);
  });

  it('flags an answered call over which nothing ever arrives (no inbound stream at all)', () => {
    expect(readings(new DeadAirDetector(3000), [null, null, null, null, null])).toEqual([false, false, false, true, true]);
  });

  it('flags a line that goes silent, and clears when audio comes back', () => {
    const d = new DeadAirDetector(2000);
    expect(readings(d, [100, 200, 200, 200, 200, 300])).toEqual([false, false, false, true, true, false]);
    expect(d.silentFor(5000)).toBe(0);
  });

  it('starts over when the counter resets (a new stream after a re-INVITE)', () => {
    const d = new DeadAirDetector(2000);
    expect(readings(d, [500, 500, 10, 10, 10])).toEqual([false, false, false, false, true]);
  });

  it('reset() restarts the clock', () => {
    const d = new DeadAirDetector(1000);
    d.observe(0, 0);
    expect(d.observe(1500, 0)).toBe(true);
    d.reset();
    expect(d.observe(1600, 0)).toBe(false);
    expect(d.silentFor(2000)).toBe(400);
  });
});
