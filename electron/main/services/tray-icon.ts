import { deflateSync } from 'node:zlib';
import type { TrayAgentState } from '@shared/ipc/desktop';

/**
 * Tray icons drawn in code (a filled disc per agent state), so there is no image file to
 * ship, find inside the asar, or forget in the packaging config. Colours follow the status
 * bar: green ready, amber not ready, blue on a call, violet after-call work, grey offline.
 */

const COLOURS: Record<TrayAgentState, [number, number, number]> = {
  ready: [0x2f, 0x9e, 0x44],
  'not-ready': [0xf0, 0x8c, 0x00],
  'on-call': [0x1c, 0x7e, 0xd6],
  'after-call-work': [0x7e, 0x57, 0xc2],
  offline: [0x86, 0x8e, 0x96],
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A `size`×`size` RGBA PNG of a disc in the state's colour on a transparent ground. */
export function trayIconPng(state: TrayAgentState, size = 32): Buffer {
  const [r, g, b] = COLOURS[state];
  const rows: Buffer[] = [];
  const centre = (size - 1) / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA pixels
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      // One pixel of soft edge so the disc is not jagged.
      const alpha = Math.round(255 * Math.min(1, Math.max(0, radius - distance + 0.5)));
      row.set([r, g, b, alpha], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
