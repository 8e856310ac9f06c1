import { describe, expect, it } from 'vitest';
import { alawToLinear, rtpInPcap, ulawToLinear } from './rtp-capture';

/** A pcap (little endian, Ethernet) of RTP packets with the given payload types and G.711 bytes. */
function pcapOf(packets: Array<{ pt: number; payload: number[] }>): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const records = packets.map(({ pt, payload }) => {
    const rtp = Buffer.from([0x80, pt, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, ...payload]);
    const udp = Buffer.concat([Buffer.alloc(8), rtp]);
    const ip = Buffer.concat([Buffer.from([0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17]), Buffer.alloc(10), udp]);
    const frame = Buffer.concat([Buffer.alloc(14), ip]);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    return Buffer.concat([rec, frame]);
  });
  return Buffer.concat([header, ...records]);
}

describe('RTP in a pcap', () => {
  it('decodes G.711 like the standard tables', () => {
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x2a)).toBe(-32256);
    expect(ulawToLinear(0xff)).toBe(0);
    expect(ulawToLinear(0x00)).toBe(-32124);
  });

  it('counts packets per payload type and the loud G.711 samples', () => {
    const heard = rtpInPcap(
      pcapOf([
        { pt: 8, payload: [0xd5, 0x2a, 0xaa] },
        { pt: 0, payload: [0xff, 0x80] },
        { pt: 101, payload: [1, 0, 0, 160] },
      ]),
    );
    expect(heard.packets).toEqual({ 0: 1, 8: 1, 101: 1 });
    expect(heard.samples).toBe(5);
    // 0x2a and 0xaa (A-law extremes) and µ-law 0x80 (+32124) are loud; 0xd5 and 0xff are silence.
    expect(heard.loudSamples).toBe(3);
  });
});
