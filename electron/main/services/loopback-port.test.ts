import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { reserveLoopbackPort } from './loopback-port';

describe('reserveLoopbackPort', () => {
  it('returns a free port, the preferred one when free, another when it is taken', async () => {
    const free = await reserveLoopbackPort();
    expect(free).toBeGreaterThan(0);
    expect(await reserveLoopbackPort(free)).toBe(free);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(free, '127.0.0.1', resolve));
    try {
      const other = await reserveLoopbackPort(free);
      expect(other).not.toBe(free);
      expect(other).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
