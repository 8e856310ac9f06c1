import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What arrived at a UDP port as RTP: packets per payload type and the decoded G.711 audio's loudness. */
export interface RtpHeard {
  /** Packet count per RTP payload type (8 PCMA, 0 PCMU, 101 telephone-event, …). */
  packets: Record<number, number>;
  /** G.711 samples (PCMA and PCMU) in all, and how many of them were loud (|x| > 2000 of 32767): speech, not silence or comfort noise. */
  samples: number;
  loudSamples: number;
}

/** G.711 A-law byte → 16-bit linear (ITU-T G.711). */
export function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a & 0x70) >> 4;
  let magnitude = ((a & 0x0f) << 4) + 8;
  if (exponent !== 0) magnitude = (magnitude + 0x100) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

/** G.711 µ-law byte → 16-bit linear. */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

/**
 * Reads a pcap (Linux `lo`: Ethernet framing, or Linux cooked capture) and sums up the RTP in
 * its IPv4/UDP packets. Only classic little- or big-endian pcap, which tcpdump writes.
 */
export function rtpInPcap(pcap: Buffer): RtpHeard {
  const heard: RtpHeard = { packets: {}, samples: 0, loudSamples: 0 };
  if (pcap.length < 24) return heard;
  const magic = pcap.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (at: number) => (le ? pcap.readUInt32LE(at) : pcap.readUInt32BE(at));
  const linkType = u32(20);
  const linkHeader = linkType === 1 ? 14 : linkType === 113 ? 16 : 0;
  for (let at = 24; at + 16 <= pcap.length; ) {
    const length = u32(at + 8);
    const frame = pcap.subarray(at + 16, at + 16 + length);
    at += 16 + length;
    const ip = frame.subarray(linkHeader);
    if (ip.length < 20 || ip.readUInt8(0) >> 4 !== 4 || ip.readUInt8(9) !== 17) continue;
    const rtp = ip.subarray((ip.readUInt8(0) & 0x0f) * 4 + 8);
    if (rtp.length < 12 || rtp.readUInt8(0) >> 6 !== 2) continue;
    const pt = rtp.readUInt8(1) & 0x7f;
    heard.packets[pt] = (heard.packets[pt] ?? 0) + 1;
    if (pt !== 0 && pt !== 8) continue;
    const decode = pt === 8 ? alawToLinear : ulawToLinear;
    for (const byte of rtp.subarray(12 + (rtp.readUInt8(0) & 0x0f) * 4)) {
      heard.samples += 1;
      if (Math.abs(decode(byte)) > 2000) heard.loudSamples += 1;
    }
  }
  return heard;
}

/** Captures what arrives at UDP `port` on `lo` with tcpdump (root, as in the e2e netns) until `stop` (idempotent). */
export async function captureRtp(port: number): Promise<{ stop(): Promise<RtpHeard> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hd-rtp-'));
  const file = join(dir, 'rtp.pcap');
  const proc = spawn('tcpdump', ['-i', 'lo', '-n', '-U', '-w', file, `udp dst port ${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  proc.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  // tcpdump says "listening on lo" once it captures.
  for (let i = 0; i < 50 && !said.includes('listening'); i += 1) await new Promise((r) => setTimeout(r, 100));
  let result: Promise<RtpHeard> | undefined;
  const finish = async (): Promise<RtpHeard> => {
    const exited = new Promise((r) => proc.once('exit', r));
    if (proc.exitCode === null && proc.pid) process.kill(proc.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    const heard = rtpInPcap(await readFile(file).catch(() => Buffer.alloc(0)));
    await rm(dir, { recursive: true, force: true });
    return heard;
  };
  // Idempotent: a second stop (a test's finally) gets the same answer.
  return { stop: () => (result ??= finish()) };
}
