import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { KAMAILIO_CFG, startKamailio } from './kamailio';
import { waitForPort } from './process';

describe('dev PBX (Kamailio with resources/pbx/kamailio.cfg)', () => {
  it('has a config Kamailio accepts', () => {
    // `kamailio -c` exits non-zero on any config error.
    expect(() => execFileSync('kamailio', ['-c', '-f', KAMAILIO_CFG], { stdio: 'pipe' })).not.toThrow();
  });

  it('starts on its WebSocket port and is stopped by PID', async () => {
    const pbx = await startKamailio();
    expect(pbx.process.pid).toBeGreaterThan(0);
    await waitForPort(pbx.wsPort, 2000);
    await pbx.stop();
    expect(() => process.kill(pbx.process.pid, 0)).toThrow();
    await expect(waitForPort(pbx.wsPort, 300)).rejects.toThrow(/did not open/);
  });
});
