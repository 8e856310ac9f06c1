import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { waitForUdpPort } from './process';
import { freeUdpPort } from './rtpengine';

describe('waitForUdpPort', () => {
  it('returns once a socket is bound to the port, and times out while none is', async () => {
    const port = await freeUdpPort();
    await expect(waitForUdpPort(port, 200)).rejects.toThrow(/was not bound within 200 ms/);
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
    try {
      await waitForUdpPort(port, 2000);
    } finally {
      socket.close();
    }
  });
});
