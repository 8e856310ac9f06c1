import { describe, expect, it } from 'vitest';
import { pingNg, startRtpengine } from './rtpengine';

describe('rtpengine (userspace, the carrier trunk media bridge)', () => {
  it('starts on a free ng control port, answers ping, and is stopped by PID', async () => {
    const rtpe = await startRtpengine({ portMin: 31000, portMax: 31099 });
    expect(rtpe.controlSocket).toBe(`udp:127.0.0.1:${rtpe.ngPort}`);
    expect(await pingNg(rtpe.ngPort)).toBe(true);
    await rtpe.stop();
    expect(() => process.kill(rtpe.process.pid, 0)).toThrow();
    expect(await pingNg(rtpe.ngPort, 200)).toBe(false);
  });
});
